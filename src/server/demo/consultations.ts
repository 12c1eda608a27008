import type { CommentDecision, CommenterType, DecisionStage, DecisionStageState } from '../../shared/constants'
import type { DecisionStageEntry } from '../../shared/schemas/consultations'
import type { Db } from '../db/client'
import type { ArticleInput } from '../repositories/consultations'
import { eq } from 'drizzle-orm'
import { consultationComments, consultations } from '../db/schema'
import { addVersion, createConsultation, documentIdBySlug, insertComment, loadVersions } from '../repositories/consultations'
import { addCatalogueEntry, changeCatalogueEntry, ensureCatalogue } from '../repositories/consultations-decisions'
import { shanghaiDate } from '../services/working-days'

const DAY = 86_400_000

const ELEVATOR: ArticleInput[] = [
  { anchor: 'zc-1', chapter: '第一章 总则', text: '为改善本区既有多层住宅居住条件，方便老年人等群体出行，推进既有多层住宅加装电梯工作，制定本办法。' },
  { anchor: 'zc-2', text: '本办法适用于本区行政区域内已建成投入使用、具有合法产权、未设电梯的四层及以上住宅。' },
  { anchor: 'zc-3', text: '区住房保障和房屋管理局负责本办法的组织实施；各街道办事处、镇人民政府负责辖区内加装电梯的宣传、协调和推进。' },
  { anchor: 'bt-1', chapter: '第二章 补贴标准', text: '每台电梯补贴不超过工程审定费用的百分之四十，最高不超过二十八万元。' },
  { anchor: 'bt-2', text: '补贴资金在电梯竣工验收合格并取得使用登记证后一次性拨付。' },
  { anchor: 'bt-3', text: '同一幢住宅同一单元只能申请一次补贴。' },
  { anchor: 'sq-1', chapter: '第三章 申请程序', text: '申请补贴应当经本单元房屋专有部分占建筑物总面积三分之二以上且人数占总人数三分之二以上的业主同意。' },
  { anchor: 'sq-2', text: '申请人向所在街道办事处、镇人民政府提交申请材料，街道办事处、镇人民政府应当在十个工作日内完成初审。' },
  { anchor: 'fz-1', chapter: '第四章 附则', text: '本办法自2027年3月1日起施行，有效期五年。' },
]

const CANTEEN: ArticleInput[] = [
  { anchor: 'c-1', chapter: '第一章 总则', text: '为规范长者食堂运营管理，保障老年人用餐安全，提升社区助餐服务质量，制定本办法。' },
  { anchor: 'c-2', text: '本办法所称长者食堂，是指在社区内为老年人提供堂食、助餐配送等服务的社区食堂。' },
  { anchor: 'c-3', chapter: '第二章 运营要求', text: '长者食堂每日至少供应午餐，供餐时间不少于两小时，每餐提供不少于两种荤素搭配的套餐。' },
  { anchor: 'c-4', text: '长者食堂应当公示菜品价格和用餐优惠标准，对本区户籍七十周岁以上老年人给予每餐不低于三元的优惠。' },
  { anchor: 'c-5', text: '长者食堂应当为行动不便的老年人提供送餐上门服务，送餐费用由运营方公示。' },
  { anchor: 'c-6', chapter: '第三章 监督管理', text: '区民政局会同区市场监督管理局每年对长者食堂开展运营评估，评估结果向社会公开。' },
  { anchor: 'c-7', chapter: '第四章 附则', text: '本办法自发布之日起施行。' },
]

const CHARGING_DRAFT: ArticleInput[] = [
  { anchor: 'e-1', text: '为预防电动自行车火灾事故，规范住宅小区电动自行车充电设施建设和管理，制定本办法。' },
  { anchor: 'e-2', text: '新建住宅小区应当按照不少于户数百分之二十的比例配建电动自行车集中充电设施。' },
  { anchor: 'e-3', text: '既有住宅小区由业主大会或者业主委员会决定充电设施的建设位置和数量。' },
  { anchor: 'e-4', text: '充电收费标准由运营单位自行确定。' },
  { anchor: 'e-5', text: '禁止在楼道、疏散通道、安全出口停放电动自行车或者为其充电。' },
  { anchor: 'e-6', text: '本办法自2026年10月1日起施行。' },
]

const CHARGING_FINAL: ArticleInput[] = [
  CHARGING_DRAFT[0]!,
  { anchor: 'e-2', text: '新建住宅小区应当按照不少于户数百分之三十的比例配建电动自行车集中充电设施，并配备消防设施。' },
  CHARGING_DRAFT[2]!,
  { anchor: 'e-3a', text: '街道办事处、镇人民政府应当对既有住宅小区建设充电设施给予指导和协调，所需场地优先利用小区公共区域。' },
  { anchor: 'e-4', text: '充电收费标准由运营单位在小区显著位置公示，不得高于区发展改革部门公布的参考价格。' },
  CHARGING_DRAFT[4]!,
  { anchor: 'e-6', text: '本办法自2026年12月1日起施行。' },
]

function stages(states: Array<[DecisionStage, DecisionStageState, string | null, string]>): DecisionStageEntry[] {
  return states.map(([stage, state, date, note]) => ({ stage, state, date, note, documentId: null }))
}

interface DemoComment { anchor: string | null, text: string, type: CommenterType, name?: string, decision?: [CommentDecision, string, string | null], reply?: string, status?: 'published' | 'pending' }

async function addComments(db: Db, consultationId: number, at: Date, comments: DemoComment[]) {
  const { draft } = await loadVersions(db, consultationId)
  let minute = 0
  for (const c of comments) {
    const created = await insertComment(db, { consultationId, versionId: draft!.id, articleAnchor: c.anchor, body: c.text, commenterType: c.type, displayName: c.name ?? null, contact: null, consent: false }, new Date(at.getTime() + (minute += 97) * 60_000))
    await db.update(consultationComments).set({
      status: c.status ?? 'published',
      moderatedAt: c.status === 'pending' ? null : at,
      reply: c.reply ?? null,
      repliedAt: c.reply ? at : null,
      decision: c.decision?.[0] ?? null,
      decisionReason: c.decision?.[1] ?? null,
      decisionArticleAnchor: c.decision?.[2] ?? null,
      decidedAt: c.decision ? at : null,
    }).where(eq(consultationComments.id, created.id))
  }
}

/** Two open consultations (one a 重大行政决策 with its stages) and a closed one with its final text and report. */
export async function seedConsultations(db: Db, now: Date): Promise<string> {
  const elevator = await createConsultation(db, {
    title: '既有多层住宅加装电梯补贴办法（征求意见稿）',
    summary: '拟提高加装电梯的补贴标准、简化申请程序，向社会公开征求意见。',
    interpretation: '为什么制定：本区约有四千幢未设电梯的多层住宅，老年居民上下楼困难，现行补贴标准制定于2019年，已不适应工程造价的变化。\n\n主要变化：补贴上限由每台二十四万元提高到二十八万元；申请由街道（镇）初审，时限十个工作日。\n\n影响哪些人：四层及以上、未设电梯住宅的业主，特别是老年人和残疾人家庭；参与加装电梯的施工和维保企业。\n\n请重点就补贴比例、拨付方式和业主同意的比例提出意见。',
    department: '区住房保障和房屋管理局',
    opensAt: new Date(now.getTime() - 5 * DAY),
    closesAt: new Date(now.getTime() + 25 * DAY),
    documentId: await documentIdBySlug(db, 'example-elevator-subsidy-2025'),
    majorDecision: true,
    stages: stages([
      ['draft', 'done', shanghaiDate(new Date(now.getTime() - 40 * DAY)), '区住房保障和房屋管理局起草决策草案，开展调研座谈六场。'],
      ['consultation', 'current', shanghaiDate(new Date(now.getTime() - 5 * DAY)), '通过本平台公开征求意见，为期三十日。'],
      ['hearing', 'pending', null, '拟于征求意见结束后召开听证会。'],
      ['participation', 'pending', null, '汇总公众参与情况并向社会公布。'],
      ['expert-review', 'pending', null, ''],
      ['risk-assessment', 'pending', null, ''],
      ['legality-review', 'pending', null, '由区司法局进行合法性审查。'],
      ['deliberation', 'pending', null, '提交区政府常务会议审议。'],
      ['result', 'pending', null, ''],
      ['implementation', 'pending', null, ''],
    ]),
    articles: ELEVATOR,
  })
  await addComments(db, elevator, new Date(now.getTime() - 4 * DAY), [
    { anchor: 'bt-1', text: '我们小区造价大约七十万元，百分之四十的补贴仍不够，建议对有八十岁以上老人的单元提高比例。', type: 'individual', name: '田林居民' },
    { anchor: 'bt-2', text: '一次性拨付要求业主先垫付全部费用，建议按工程进度分期拨付。', type: 'enterprise', name: '某电梯安装公司' },
    { anchor: 'sq-1', text: '三分之二同意的比例是否与民法典的规定一致？请说明。', type: 'individual', reply: '该比例与《民法典》第二百七十八条关于改建、重建建筑物及其附属设施的规定一致。' },
    { anchor: null, text: '希望把申请材料清单和办理流程图一并公布，方便居民准备。', type: 'individual' },
    { anchor: 'bt-1', text: '建议补贴上限随造价指数每两年调整一次。', type: 'association', status: 'pending' },
  ])

  const canteen = await createConsultation(db, {
    title: '长者食堂运营管理办法（征求意见稿）',
    summary: '规范长者食堂的供餐、价格公示、送餐和评估，保障老年人用餐安全。',
    interpretation: '为什么制定：本区已建成长者食堂三十六家，各家供餐时间、优惠标准和送餐服务不一，居民反映较多。\n\n主要内容：统一最低供餐要求、七十周岁以上老年人每餐优惠不低于三元、为行动不便的老年人送餐上门、每年评估并公开结果。\n\n影响哪些人：本区老年人及其家属；长者食堂的运营企业和社会组织。',
    department: '区民政局',
    documentId: await documentIdBySlug(db, 'example-elderly-canteen-2026'),
    opensAt: new Date(now.getTime() - 2 * DAY),
    closesAt: new Date(now.getTime() + 12 * DAY),
    articles: CANTEEN,
  })
  await addComments(db, canteen, new Date(now.getTime() - 1 * DAY), [
    { anchor: 'c-3', text: '建议周末也供应午餐，很多独居老人周末没人照顾。', type: 'individual', name: '长桥街道居民' },
    { anchor: 'c-4', text: '优惠年龄能否放宽到六十五周岁？', type: 'individual' },
  ])

  const closedAt = new Date(now.getTime() - 35 * DAY)
  const charging = await createConsultation(db, {
    title: '住宅小区电动自行车充电设施建设管理办法（征求意见稿）',
    summary: '规范住宅小区电动自行车充电设施的配建、收费和安全管理。',
    interpretation: '为什么制定：电动自行车在楼道充电引发的火灾时有发生，小区集中充电设施不足。\n\n主要内容：新建小区按比例配建充电设施、既有小区由业主决定建设，禁止在楼道和疏散通道停放、充电。\n\n影响哪些人：住宅小区居民、业主委员会、物业服务企业和充电设施运营单位。',
    department: '区住房保障和房屋管理局',
    opensAt: new Date(closedAt.getTime() - 30 * DAY),
    closesAt: closedAt,
    articles: CHARGING_DRAFT,
  })
  await addComments(db, charging, new Date(closedAt.getTime() - 20 * DAY), [
    { anchor: 'e-2', text: '百分之二十太少，晚上充电车位经常满，建议提高到百分之三十。', type: 'individual', name: '业主代表', decision: ['adopted', '已将配建比例提高至百分之三十，并要求配备消防设施。', 'e-2'] },
    { anchor: 'e-2', text: '建议同时规定充电区域的消防设施配置。', type: 'organisation', decision: ['adopted', '已在第二条增加配备消防设施的要求。', 'e-2'] },
    { anchor: 'e-3', text: '老小区业委会难以协调，希望街道能帮忙找场地。', type: 'individual', decision: ['partly', '增加街道（镇）指导协调的规定；场地仍需业主共同决定。', 'e-3a'] },
    { anchor: 'e-4', text: '收费不能完全由运营单位定，应当有上限。', type: 'association', name: '区物业管理行业协会', decision: ['adopted', '收费须公示，且不得高于区发展改革部门公布的参考价格。', 'e-4'] },
    { anchor: 'e-5', text: '建议允许在楼道内为老年人代步车临时充电。', type: 'individual', decision: ['not-adopted', '楼道充电的火灾风险高，消防法规明确禁止，不予采纳。', null] },
    { anchor: null, text: '施行时间太紧，物业需要时间建设，建议推迟。', type: 'enterprise', decision: ['adopted', '施行日期推迟至2026年12月1日。', 'e-6'] },
  ])
  await addVersion(db, charging, 'final', '定稿', CHARGING_FINAL, new Date(closedAt.getTime() + 7 * DAY))
  await db.update(consultations).set({
    mainChanges: '一、新建小区充电设施配建比例由百分之二十提高到百分之三十，并须配备消防设施；\n二、新增第四条：街道（镇）对既有小区建设充电设施给予指导和协调；\n三、充电收费须公示，且不得高于参考价格；\n四、施行日期推迟至2026年12月1日。\n关于在楼道内为代步车充电的意见，因消防安全风险未予采纳。',
    reportPublishedAt: new Date(closedAt.getTime() + 12 * DAY),
  }).where(eq(consultations.id, charging))

  // 重大行政决策事项目录, published by 31 March: this year's once it is out, last year's before that
  const today = shanghaiDate(now)
  const year = Number(today.slice(0, 4)) - (today.slice(5) < '03-25' ? 1 : 0)
  const listedAt = new Date(`${year}-03-25T10:00:00+08:00`)
  await ensureCatalogue(db, year, `${year}-03-25`, '区人民政府办公室')
  await addCatalogueEntry(db, { year, title: '既有多层住宅加装电梯补贴办法', department: '区住房保障和房屋管理局', summary: '提高加装电梯补贴标准，简化申请程序。', stage: 'consultation', consultationId: elevator, reason: '涉及群众切身利益的重要民生政策，列入年度目录。' }, null, listedAt)
  await addCatalogueEntry(db, { year, title: `区养老服务设施布局专项规划（${year}—${year + 9}年）`, department: '区民政局', summary: '统筹社区养老服务设施、长者食堂和护理床位的布局。', stage: 'expert-review', reason: '涉及重大公共服务设施布局，列入年度目录。' }, null, listedAt)
  const bus = await addCatalogueEntry(db, { year, title: '区公交线网优化调整方案', department: '区建设和管理委员会', summary: '结合轨道交通新线开通，调整区内公交线路。', stage: 'draft', reason: '涉及重大公共交通调整，列入年度目录。' }, null, listedAt)
  await changeCatalogueEntry(db, bus!, { status: 'withdrawn', reason: '轨道交通新线开通时间推迟，本事项调整至下一年度目录。' }, null, new Date(listedAt.getTime() + 120 * DAY))

  return `3 consultations (2 open, 1 with its report), catalogue of ${year} major decisions`
}
