import type { Audience, DocumentStatus, DocumentType, Level, Topic } from '../../shared/constants'
import type { DocumentBody } from '../../shared/schemas/document-body'
import type { Db } from '../db/client'
import type { NewDocument } from '../repositories/documents'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDocument } from '../importer/parse'
import { upsertDocument } from '../repositories/documents'

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), 'corpus')

interface CorpusMeta {
  file: string
  slug: string
  level: Level
  district: string | null
  type: DocumentType
  status: DocumentStatus
  validUntil: string | null
  topics: Topic[]
  audiences: Audience[]
  summary: string
  issuer?: string
  /** when the file carries no date of its own */
  publishedOn?: string
}

// The five real documents. A year's 工作要点 stops applying when its year ends: shown as 失效, as a district would.
export const CORPUS_DOCUMENTS: CorpusMeta[] = [
  { file: 'pudong-2023-gongkai-yaodian.md', slug: 'pudong-2023-gongkai-yaodian', level: 'district', district: 'pudong', type: 'work-plan', status: 'expired', validUntil: '2023-12-31', topics: ['government', 'business'], audiences: ['residents', 'enterprises'], summary: '浦东新区2023年政务公开工作的总体要求、重点任务和任务分解表：从“公开即上网”转向“公开即服务”。' },
  { file: 'yangpu-2021-gongkai-yaodian.md', slug: 'yangpu-2021-gongkai-yaodian', level: 'district', district: 'yangpu', type: 'work-plan', status: 'expired', validUntil: '2021-12-31', topics: ['government'], audiences: ['residents'], summary: '杨浦区2021年政务公开工作要点：夯实基础、深化重点领域公开、加强政策解读与回应。' },
  { file: 'jiading-2018-gongkai-yaodian.txt', slug: 'jiading-2018-gongkai-yaodian', level: 'district', district: 'jiading', type: 'work-plan', status: 'expired', validUntil: '2018-12-31', topics: ['government', 'business'], audiences: ['residents', 'enterprises'], summary: '嘉定区2018年政务公开工作要点：围绕上海四个品牌建设和重点领域推进信息公开。', issuer: '上海市嘉定区人民政府' },
  { file: 'pudong-2017-gongkai-yaodian.md', slug: 'pudong-2017-gongkai-yaodian', level: 'district', district: 'pudong', type: 'work-plan', status: 'expired', validUntil: '2017-12-31', topics: ['government', 'business'], audiences: ['residents', 'enterprises'], summary: '浦东新区2017年政务公开工作要点：以政务公开促进自贸试验区等重大改革举措落实。' },
  { file: 'shanghai-2016-annual-report-excerpt.txt', slug: 'shanghai-2016-annual-report', level: 'city', district: null, type: 'annual-report', status: 'valid', validUntil: null, topics: ['government'], audiences: ['residents'], summary: '上海市政府信息公开工作年度报告（节选）：年度工作情况、重点领域信息公开和依申请公开情况。', issuer: '上海市人民政府办公厅', publishedOn: '2017-03-31' },
]

function body(parts: Array<[string, string[]]>): DocumentBody {
  return {
    preamble: [],
    parts: parts.map(([title, items], p) => ({
      anchor: `p${p + 1}`,
      number: '一二三四五六七八九十'[p]!,
      title,
      paragraphs: [],
      items: items.map((text, i) => ({ anchor: `p${p + 1}-i${i + 1}`, number: '一二三四五六七八九十'[i]!, paragraphs: [text], subitems: [], units: [] })),
    })),
    closing: [],
    tables: [],
  }
}

interface Example extends Omit<NewDocument, 'body' | 'publishedAt' | 'searchTokens'> { publishedDaysAgo: number, body: DocumentBody }

// Short policies written for the demo (marked 示例 in their summaries) so every status and filter shows something.
const EXAMPLES: Example[] = [
  {
    slug: 'example-elevator-subsidy-2025',
    title: '关于既有多层住宅加装电梯财政补贴的实施办法',
    docNumber: '沪房规〔2025〕4号',
    issuer: '上海市住房和城乡建设管理委员会',
    level: 'city',
    type: 'normative',
    status: 'valid',
    issuedOn: '2025-03-18',
    validFrom: '2025-05-01',
    validUntil: '2030-04-30',
    topics: ['housing', 'elderly-care'],
    audiences: ['residents', 'elderly'],
    summary: '（示例文件）既有多层住宅加装电梯的补贴对象、标准、申请流程和资金拨付。',
    publishedDaysAgo: 600,
    body: body([
      ['补贴对象', ['本市行政区域内已建成投入使用、具有合法权属证明、未设电梯的四层及以上住宅，经业主依法表决同意加装电梯的，可以申请补贴。']],
      ['补贴标准', ['每台电梯补贴不超过建设费用的40%，最高不超过28万元。', '加装电梯后同步实施无障碍改造的，每台另补贴不超过2万元。']],
      ['申请流程', ['业主委员会或业主代表向所在街道（镇）提出申请，提交表决结果、设计方案和施工合同。', '街道（镇）在10个工作日内完成初审，区住房保障部门在15个工作日内完成复核并公示。']],
    ]),
    // a faithful English rendering of this short example, as a department would give one (marked as a translation)
    titleEn: 'Measures on Government Subsidies for Adding Lifts to Existing Multi-storey Homes',
    bodyEn: [
      '(Example document. English translation for reference; the Chinese text is authoritative.)',
      '1. Who can apply. Residential buildings in Shanghai of four or more storeys that are completed and in use, have lawful proof of ownership and have no lift can apply for a subsidy once the owners have voted, as the law requires, to add one.',
      '2. How much. Each lift is subsidised at up to 40% of its construction cost, and at most 280,000 yuan. Where accessibility works are done together with the lift, a further subsidy of up to 20,000 yuan per lift is available.',
      '3. How to apply. The owners\' committee or the owners\' representative applies to the local sub-district office (or town), with the result of the vote, the design and the construction contract. The sub-district office (or town) completes a first review within 10 working days; the district housing department completes its review within 15 working days and announces the result publicly.',
    ].join('\n\n'),
  },
  {
    slug: 'example-elevator-subsidy-2019',
    title: '关于既有多层住宅加装电梯财政补贴的暂行办法',
    docNumber: '沪房规〔2019〕7号',
    issuer: '上海市住房和城乡建设管理委员会',
    level: 'city',
    type: 'normative',
    status: 'repealed',
    issuedOn: '2019-06-10',
    validFrom: '2019-07-01',
    validUntil: '2025-04-30',
    topics: ['housing', 'elderly-care'],
    audiences: ['residents', 'elderly'],
    summary: '（示例文件）已被《关于既有多层住宅加装电梯财政补贴的实施办法》（沪房规〔2025〕4号）废止。',
    publishedDaysAgo: 2000,
    body: body([
      ['补贴标准', ['每台电梯补贴不超过建设费用的40%，最高不超过24万元。']],
      ['附则', ['本办法自2019年7月1日起施行，有效期至2025年4月30日。']],
    ]),
  },
  {
    slug: 'example-elderly-canteen-2026',
    title: '浦东新区长者食堂建设和运营管理办法',
    docNumber: '浦府规〔2026〕2号',
    issuer: '上海市浦东新区人民政府',
    level: 'district',
    district: 'pudong',
    type: 'normative',
    status: 'valid',
    issuedOn: '2026-02-20',
    validFrom: '2026-04-01',
    validUntil: '2031-03-31',
    topics: ['elderly-care', 'health'],
    audiences: ['elderly', 'residents', 'enterprises'],
    summary: '（示例文件）长者食堂的布点、准入、补贴、价格和服务质量监管。',
    publishedDaysAgo: 270,
    body: body([
      ['布点与准入', ['按照“15分钟养老服务圈”要求布点，每个街道（镇）至少设置1家长者食堂。', '运营主体应具备餐饮服务许可，并在街道（镇）备案。']],
      ['补贴与价格', ['对60周岁及以上老年人就餐给予每餐3元至5元的补贴，80周岁及以上老年人另加2元。', '套餐价格由运营主体公示，调整前应提前15日告知。']],
    ]),
  },
  {
    slug: 'example-school-enrolment-2026',
    title: '杨浦区2026年义务教育阶段学校招生入学实施意见',
    docNumber: '杨教规〔2026〕1号',
    issuer: '上海市杨浦区教育局',
    level: 'district',
    district: 'yangpu',
    type: 'opinion',
    status: 'valid',
    issuedOn: '2026-03-30',
    validFrom: '2026-03-30',
    validUntil: '2026-12-31',
    topics: ['education'],
    audiences: ['families', 'students'],
    summary: '（示例文件）2026年小学、初中招生的对象、报名时间、入学信息登记和验证流程。',
    publishedDaysAgo: 230,
    body: body([
      ['招生对象', ['2026年8月31日前（含）年满6周岁的本区户籍适龄儿童，以及符合条件的来沪人员随迁子女。']],
      ['入学信息登记', ['4月10日至4月26日登录“上海市义务教育入学报名系统”进行信息登记。', '5月上旬到登记学校进行信息验证，未按时验证的视为放弃。']],
    ]),
  },
  {
    slug: 'example-business-startup-2024',
    title: '关于进一步优化营商环境支持小微企业发展的若干措施',
    docNumber: '嘉府办规〔2024〕5号',
    issuer: '上海市嘉定区人民政府办公室',
    level: 'district',
    district: 'jiading',
    type: 'measures',
    status: 'amending',
    issuedOn: '2024-05-15',
    validFrom: '2024-06-01',
    validUntil: '2027-05-31',
    topics: ['business', 'employment', 'finance'],
    audiences: ['enterprises', 'job-seekers'],
    summary: '（示例文件）小微企业开办、融资担保、稳岗补贴等支持措施；正在修订，拟调整补贴标准。',
    publishedDaysAgo: 900,
    body: body([
      ['开办便利', ['企业开办全程网上办理，1个工作日内办结。']],
      ['融资支持', ['对首次获得贷款的小微企业给予贷款贴息，贴息比例不超过50%。']],
    ]),
  },
  {
    slug: 'example-parking-notice-2023',
    title: '关于临时调整部分道路停车收费标准的通知',
    docNumber: '徐交通〔2023〕12号',
    issuer: '上海市徐汇区交通委员会',
    level: 'district',
    district: 'xuhui',
    type: 'notice',
    status: 'expired',
    issuedOn: '2023-06-01',
    validFrom: '2023-07-01',
    validUntil: '2024-06-30',
    topics: ['transport'],
    audiences: ['residents'],
    summary: '（示例文件）部分道路停车收费标准临时调整，有效期至2024年6月30日，现已失效。',
    publishedDaysAgo: 1240,
    body: body([['调整范围', ['漕溪北路、天钥桥路等12条道路的道路停车泊位。']]]),
  },
  {
    slug: 'example-garbage-sorting-2026',
    title: '上海市生活垃圾分类投放管理规定（修订草案征求意见稿）',
    docNumber: null,
    issuer: '上海市绿化和市容管理局',
    level: 'city',
    type: 'normative',
    status: 'consulting',
    issuedOn: null,
    validFrom: null,
    validUntil: null,
    topics: ['environment'],
    audiences: ['residents', 'enterprises'],
    summary: '（示例文件）修订草案正在公开征求意见：拟调整定时定点投放和大件垃圾预约收运规则。',
    publishedDaysAgo: 10,
    body: body([['投放规则', ['居住区应当设置定时定点投放点，投放时间由业主大会或者居民委员会确定并公示。']]]),
  },
]

/** The five corpus documents, imported as a district would, and the short examples. */
export async function seedDocuments(db: Db, now: Date): Promise<string> {
  for (const meta of CORPUS_DOCUMENTS) {
    const parsed = parseDocument(readFileSync(join(CORPUS, meta.file), 'utf8'), { fileName: meta.file })
    await upsertDocument(db, {
      slug: meta.slug,
      title: parsed.title,
      docNumber: parsed.docNumber,
      issuer: meta.issuer ?? parsed.issuer ?? '上海市人民政府',
      level: meta.level,
      district: meta.district,
      type: meta.type,
      status: meta.status,
      issuedOn: parsed.issuedAt ?? meta.publishedOn ?? null,
      publishedAt: new Date(`${parsed.issuedAt ?? meta.publishedOn ?? now.toISOString().slice(0, 10)}T10:00:00+08:00`),
      validFrom: parsed.issuedAt,
      validUntil: meta.validUntil,
      topics: meta.topics,
      audiences: meta.audiences,
      summary: meta.summary,
      body: parsed.body,
      publiclyReleased: parsed.publiclyReleased,
      sourceFile: meta.file,
    })
  }
  for (const { publishedDaysAgo, ...example } of EXAMPLES)
    await upsertDocument(db, { ...example, publishedAt: new Date(now.getTime() - publishedDaysAgo * 86_400_000) })
  return `${CORPUS_DOCUMENTS.length + EXAMPLES.length} documents`
}
