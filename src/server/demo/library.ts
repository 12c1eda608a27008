import type { Db } from '../db/client'
import { createHash, randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { tokenize } from '../../shared/tokenizer'
import { documentRelations, documents, interpretations, questions, topicBundles } from '../db/schema'
import { refreshDocumentSearch } from '../repositories/documents'
import { newReceiptNumber } from '../repositories/library'
import { addWorkingDays } from '../services/working-days'

const DAY = 86_400_000
type NewInterpretation = typeof interpretations.$inferInsert

async function idOf(db: Db, slug: string): Promise<number> {
  const [row] = await db.select({ id: documents.id }).from(documents).where(eq(documents.slug, slug)).limit(1)
  if (!row)
    throw new Error(`demo: no document ${slug}`)
  return row.id
}

const section = (key: string, title: string, text: string) => ({ key, title, text })

// Interpretations written for residents, one or more per document, in every form the plans ask for.
function interpretationsFor(ids: Record<string, number>, now: Date): NewInterpretation[] {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY)
  return [
    {
      documentId: ids['pudong-2023-gongkai-yaodian']!,
      kind: 'text',
      title: '一图读懂之前，先用五分钟读懂《2023年浦东新区政务公开工作要点》',
      interpreterType: 'department',
      interpreterName: '浦东新区人民政府办公室（区政务公开办）',
      publishedAt: new Date('2023-04-28T10:00:00+08:00'),
      sections: [
        section('background', '为什么要出台', '政务公开每年都有工作要点。2023年的要点回应了市民反映最多的问题：政策找不到、看不懂、办不了。'),
        section('concepts', '核心概念', '“公开即服务”：不只是把文件放上网，而是让市民能找到、能读懂、能办成。“一件事”：把跨部门的政策按市民办的事情归在一起。'),
        section('applies', '和您有关的变化', '区政府门户网站的政策文件统一入口、政策解读与文件同步发布、12345热线知识库与政策问答打通、政府开放月活动。'),
        section('how', '怎么用', '在“政策”里按主题或按“一件事”查找；看不懂的地方可以在文件下方留言提问，部门答复后会公开。'),
        section('changes', '与往年相比', '从“注重公开数量”转向“注重公开质量”，从“公开即上网”转向“公开即服务”。'),
      ],
      faq: [
        { q: '文件里的“任务分解表”是什么？', a: '它把每项工作落实到责任单位和完成时间，方便大家监督。' },
      ],
    },
    {
      documentId: ids['pudong-2023-gongkai-yaodian']!,
      kind: 'follow-up',
      title: '跟踪解读：2023年政务公开工作要点落实情况（年中）',
      interpreterType: 'official',
      interpreterName: '浦东新区政务公开办负责人',
      publishedAt: new Date('2023-08-15T10:00:00+08:00'),
      sections: [section('progress', '落实进展', '截至7月底，70项任务中已完成41项，政策文件统一入口已上线，政府开放月共举办活动36场。')],
      faq: [],
    },
    {
      documentId: ids['yangpu-2021-gongkai-yaodian']!,
      kind: 'qa',
      title: '问答解读：杨浦区2021年政务公开工作要点',
      interpreterType: 'department',
      interpreterName: '杨浦区人民政府办公室',
      publishedAt: new Date('2021-04-15T10:00:00+08:00'),
      sections: [section('background', '背景', '2021年是“十四五”开局之年，要点围绕“人民城市”理念，推进决策、执行、管理、服务、结果公开。')],
      faq: [
        { q: '市民能从这份要点里得到什么？', a: '重点领域（教育、医疗、养老、住房等）的信息更集中、更及时；重要政策有解读，有疑问可以留言。' },
        { q: '怎么参与政府决策？', a: '关注“互动”里的公开征求意见，以及政府开放月活动。' },
      ],
    },
    {
      documentId: ids['jiading-2018-gongkai-yaodian']!,
      kind: 'text',
      title: '解读《2018年上海市嘉定区政务公开工作要点》',
      interpreterType: 'department',
      interpreterName: '嘉定区人民政府办公室',
      publishedAt: new Date('2018-06-05T10:00:00+08:00'),
      sections: [
        section('background', '背景', '要点贯彻市政府办公厅《2018年政务公开工作要点》（沪府办发〔2018〕16号），结合嘉定实际制定。'),
        section('applies', '重点内容', '围绕“上海服务、上海制造、上海购物、上海文化”四个品牌推进信息公开，加大重点领域公开力度。'),
      ],
      faq: [],
    },
    {
      documentId: ids['pudong-2017-gongkai-yaodian']!,
      kind: 'text',
      title: '解读《2017年浦东新区政务公开工作要点》',
      interpreterType: 'expert',
      interpreterName: '华东政法大学 行政法学者',
      publishedAt: new Date('2017-06-20T10:00:00+08:00'),
      sections: [section('background', '背景', '要点以自贸试验区建设为主线，推动重大改革举措的信息公开，是浦东“五公开”制度化的开始。')],
      faq: [],
    },
    {
      documentId: ids['shanghai-2016-annual-report']!,
      kind: 'graphic',
      title: '图解：上海市2016年政府信息公开工作年度报告',
      interpreterType: 'department',
      interpreterName: '上海市人民政府办公厅',
      publishedAt: new Date('2017-03-31T10:00:00+08:00'),
      sections: [section('summary', '要点', '全年确定199项具体工作，完善季度通报制度，重点领域信息公开不断深化。')],
      faq: [],
      images: [{ src: '/demo/elevator-steps.svg', alt: '示例图解：加装电梯补贴申请四步走——业主表决、街道初审（10个工作日）、区里复核（15个工作日并公示）、补贴拨付；每台最高补贴28万元。', caption: '示例图解（图片用于演示图解解读的展示方式）' }],
    },
    {
      documentId: ids['example-elevator-subsidy-2025']!,
      kind: 'graphic',
      title: '一图读懂：加装电梯怎么申请补贴',
      interpreterType: 'department',
      interpreterName: '上海市住房和城乡建设管理委员会',
      publishedAt: at(598),
      sections: [
        section('applies', '谁可以申请', '四层及以上、没有电梯的既有多层住宅，经业主依法表决同意加装的。'),
        section('how', '怎么申请', '由业委会或业主代表向街道（镇）提出，材料齐全后10个工作日内初审。'),
        section('changes', '和原来比有什么变化', '最高补贴从24万元提高到28万元；同步做无障碍改造的另补2万元。'),
      ],
      faq: [{ q: '一楼住户不同意怎么办？', a: '按照民法典，需经专有部分面积和人数“双三分之二”参与表决，并经参与表决者“双四分之三”同意。' }],
      images: [{ src: '/demo/elevator-steps.svg', alt: '加装电梯补贴申请四步走：一、业主表决，双三分之二同意；二、街道初审，10个工作日；三、区里复核，15个工作日并公示；四、竣工验收后补贴拨付。每台最高补贴28万元，即建设费用的40%；同步无障碍改造另补2万元。' }],
    },
    {
      documentId: ids['example-elderly-canteen-2026']!,
      kind: 'graphic',
      title: '图解：长者食堂吃饭能补多少',
      interpreterType: 'department',
      interpreterName: '浦东新区民政局',
      publishedAt: at(268),
      sections: [section('applies', '谁能享受', '60周岁及以上的本区常住老年人，凭社保卡或敬老卡就餐。')],
      faq: [{ q: '外区老人能在浦东的长者食堂吃饭吗？', a: '可以就餐，补贴按户籍或居住证所在区的规定执行。' }],
      images: [{ src: '/demo/canteen-subsidy.svg', alt: '长者食堂每餐补贴：60至79周岁每餐补贴3至5元；80周岁及以上再加2元。' }],
    },
    {
      documentId: ids['example-elderly-canteen-2026']!,
      kind: 'video',
      title: '视频解读：三分钟看懂长者食堂补贴',
      interpreterType: 'official',
      interpreterName: '浦东新区民政局 养老服务科负责人',
      publishedAt: at(260),
      sections: [section('summary', '视频要点', '谁能享受补贴、每餐补多少、行动不便的老人怎么用餐。')],
      faq: [],
      video: {
        src: '/demo/canteen-video.webm',
        captions: '/demo/canteen-video.zh.vtt',
        transcript: '长者食堂怎么吃饭？三分钟看懂补贴和用餐。谁能享受补贴：60周岁及以上的常住老年人。每餐补多少：60至79周岁每餐补3至5元，80周岁以上再加2元。行动不便怎么办：向居委会申请助餐送餐服务。',
      },
    },
    {
      documentId: ids['example-school-enrolment-2026']!,
      kind: 'qa',
      title: '2026年义务教育入学政策问答',
      interpreterType: 'department',
      interpreterName: '杨浦区教育局',
      publishedAt: at(229),
      sections: [section('background', '背景', '今年的入学实施意见延续“公民同招”，信息登记和验证时间与去年基本一致。')],
      faq: [
        { q: '信息登记时间是什么时候？', a: '4月10日至4月26日，登录上海市义务教育入学报名系统。' },
        { q: '错过验证怎么办？', a: '请尽快联系登记学校或区教育局招生办，说明原因。' },
      ],
    },
  ]
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex')

/** Interpretations, relations, service links, answered questions (FAQs among them) and topic bundles. */
export async function seedLibrary(db: Db, now: Date): Promise<string> {
  const slugs = ['pudong-2023-gongkai-yaodian', 'pudong-2017-gongkai-yaodian', 'yangpu-2021-gongkai-yaodian', 'jiading-2018-gongkai-yaodian', 'shanghai-2016-annual-report', 'example-elevator-subsidy-2025', 'example-elevator-subsidy-2019', 'example-elderly-canteen-2026', 'example-school-enrolment-2026', 'example-business-startup-2024']
  const ids: Record<string, number> = {}
  for (const slug of slugs)
    ids[slug] = await idOf(db, slug)

  const interps = interpretationsFor(ids, now)
  const inserted = await db.insert(interpretations).values(interps).returning({ id: interpretations.id, documentId: interpretations.documentId, title: interpretations.title })

  for (const documentId of new Set(inserted.map(i => i.documentId)))
    await refreshDocumentSearch(db, documentId)

  await db.insert(documentRelations).values([
    { fromId: ids['example-elevator-subsidy-2025']!, toId: ids['example-elevator-subsidy-2019']!, kind: 'replaces' },
    { fromId: ids['pudong-2023-gongkai-yaodian']!, toId: ids['pudong-2017-gongkai-yaodian']!, kind: 'related' },
  ])
  await db.update(documents).set({ serviceLinks: [{ title: '一网通办：既有多层住宅加装电梯补贴申请', url: 'https://zwdt.sh.gov.cn', description: '在线提交申请材料，查询办理进度' }] }).where(eq(documents.id, ids['example-elevator-subsidy-2025']!))
  await db.update(documents).set({ serviceLinks: [{ title: '上海市义务教育入学报名系统', url: 'https://shrxbm.edu.sh.gov.cn', description: '入学信息登记与验证' }] }).where(eq(documents.id, ids['example-school-enrolment-2026']!))
  await db.update(documents).set({ interpretationWaiver: '已废止文件，保留供查阅，不再另行解读。' }).where(eq(documents.id, ids['example-elevator-subsidy-2019']!))

  const asked = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY)
  const qa = [
    { doc: 'example-elevator-subsidy-2025', q: '我家是5层老公房，加装电梯的补贴是按户算还是按台算？', a: '按台计算：每台电梯补贴不超过建设费用的40%，最高28万元，与户数无关。', by: '市住房城乡建设管理委', faq: true, daysAgo: 40 },
    { doc: 'example-elevator-subsidy-2025', q: '补贴什么时候能拿到？需要先垫钱吗？', a: '竣工验收合格后拨付。施工阶段的费用需由业主先行筹措，部分区有贷款贴息政策，可咨询所在街道。', by: '市住房城乡建设管理委', faq: true, daysAgo: 30 },
    { doc: 'example-elderly-canteen-2026', q: '长者食堂可以送餐上门吗？', a: '行动不便的老人可以向所在居委会申请助餐送餐服务，送餐费用按各街道的标准执行。', by: '浦东新区民政局', faq: true, daysAgo: 20 },
    { doc: 'example-school-enrolment-2026', q: '户籍在杨浦、房产在虹口，应该在哪个区登记？', a: '按“人户一致”原则，在户籍与房产所在区协商确定；请先在报名系统中如实填写，由区教育局统筹安排。', by: '杨浦区教育局', faq: false, daysAgo: 15 },
    { doc: 'pudong-2023-gongkai-yaodian', q: '政府开放月的活动在哪里报名？', a: '在本应用的“活动”页面报名，也可以拨打12345热线。', by: '浦东新区政务公开办', faq: true, daysAgo: 60 },
  ]
  for (const item of qa) {
    const createdAt = asked(item.daysAgo)
    await db.insert(questions).values({
      documentId: ids[item.doc]!,
      text: item.q,
      receiptNumber: newReceiptNumber('WD', createdAt),
      receiptTokenHash: hash(randomBytes(16).toString('hex')),
      status: 'answered',
      dueOn: addWorkingDays(createdAt, 5),
      answer: item.a,
      answeredBy: item.by,
      answeredAt: new Date(createdAt.getTime() + 2 * DAY),
      isFaq: item.faq,
      searchTokens: tokenize(`${item.q}\n${item.a}`).join(' '),
      createdAt,
    })
  }

  const interpOf = (slug: string) => inserted.find(i => i.documentId === ids[slug])!
  await db.insert(topicBundles).values([
    {
      slug: 'elevator',
      title: '加装电梯一件事',
      summary: '从业主表决到补贴拨付：加装电梯要看的政策、解读、常见问题和办理入口。',
      items: [
        { kind: 'document', refId: ids['example-elevator-subsidy-2025']! },
        { kind: 'interpretation', refId: interpOf('example-elevator-subsidy-2025').id, title: interpOf('example-elevator-subsidy-2025').title },
        { kind: 'document', refId: ids['example-elevator-subsidy-2019']!, note: '已废止，供对照' },
        { kind: 'service', title: '一网通办：加装电梯补贴申请', url: 'https://zwdt.sh.gov.cn' },
      ],
      publishedAt: asked(100),
    },
    {
      slug: 'elderly-canteen',
      title: '长者助餐一件事',
      summary: '长者食堂在哪里、怎么补贴、能不能送餐。',
      items: [
        { kind: 'document', refId: ids['example-elderly-canteen-2026']! },
        { kind: 'interpretation', refId: interpOf('example-elderly-canteen-2026').id, title: interpOf('example-elderly-canteen-2026').title },
      ],
      publishedAt: asked(90),
    },
    {
      slug: 'school-enrolment',
      title: '义务教育入学一件事',
      summary: '小学、初中入学的登记、验证和录取，一次看全。',
      items: [
        { kind: 'document', refId: ids['example-school-enrolment-2026']! },
        { kind: 'interpretation', refId: interpOf('example-school-enrolment-2026').id, title: interpOf('example-school-enrolment-2026').title },
        { kind: 'service', title: '上海市义务教育入学报名系统', url: 'https://shrxbm.edu.sh.gov.cn' },
      ],
      publishedAt: asked(80),
    },
  ])
  return `${inserted.length} interpretations, ${qa.length} answered questions, 3 topic bundles`
}
