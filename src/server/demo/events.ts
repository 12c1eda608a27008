import type { EventInput } from '../../shared/schemas/events'
import type { ProposalBody } from '../../shared/schemas/events-extras'
import type { Db } from '../db/client'
import { eq } from 'drizzle-orm'
import { eventProposals, events } from '../db/schema'
import { getEventRow, register } from '../repositories/events'
import { createEvent } from '../repositories/events-admin'
import { createProposal, moderateProposal, publishReport } from '../repositories/events-extras'
import { eventSecrets } from '../services/event-secrets'

const HOUR = 3600_000
const DAY = 24 * HOUR

/** 09:30 Shanghai time, `days` from today. */
function at(now: Date, days: number, hour = 9.5): Date {
  const shanghaiMidnight = Math.floor((now.getTime() + 8 * HOUR) / DAY) * DAY - 8 * HOUR
  return new Date(shanghaiMidnight + days * DAY + hour * HOUR)
}

type Demo = Omit<EventInput, 'startsAt' | 'endsAt' | 'signupOpensAt' | 'signupClosesAt'> & { day: number, hours?: number, opensIn?: number, cancelled?: string, fill?: { confirmed: number, waitlisted: number } }

const DEMO: Demo[] = [
  {
    title: '走进区行政服务中心：看“一网通办”怎么办',
    description: '参观行政服务中心办事大厅，体验“一网通办”自助终端，与窗口工作人员面对面交流企业开办、不动产登记等高频事项的办理流程。',
    organiser: '浦东新区政务服务中心',
    district: 'pudong',
    topic: 'government',
    venue: '浦东新区行政服务中心',
    address: '上海市浦东新区合欢路2号',
    transitHint: '地铁6号线博兴路站3号口出，步行约8分钟',
    lat: 31.2651,
    lng: 121.5893,
    accessibility: '无障碍出入口在东侧；电梯直达各层；设无障碍卫生间；可提供轮椅借用。',
    programme: [{ kind: 'experience', title: '自助终端办事体验', time: '09:30' }, { kind: 'qa', title: '高频事项政策答疑', time: '10:30' }, { kind: 'survey', title: '办事体验问卷', time: '11:15' }],
    livestreamUrl: null,
    capacity: 20,
    maxParty: 2,
    day: 5,
  },
  {
    title: '垃圾去哪儿了？走进生活垃圾分类中转站',
    description: '跟随环卫工人了解湿垃圾、干垃圾的分类转运过程，参观压缩设备与除臭系统，座谈社区分类投放中的难题。',
    organiser: '杨浦区绿化和市容管理局',
    district: 'yangpu',
    topic: 'environment',
    venue: '杨浦区生活垃圾中转站',
    address: '上海市杨浦区军工路1300号',
    transitHint: '公交6路、135路军工路黄兴路站下，步行约5分钟',
    lat: 31.2838,
    lng: 121.5502,
    accessibility: '参观路线为平地，部分区域有台阶，需轮椅的居民请在报名时说明，工作人员将协助。',
    programme: [{ kind: 'experience', title: '转运流程参观', time: '09:30' }, { kind: 'discussion', title: '社区分类座谈', time: '10:30' }],
    livestreamUrl: null,
    capacity: 12,
    maxParty: 2,
    seriesId: 'yangpu-transfer-station',
    day: 8,
  },
  {
    title: '垃圾去哪儿了？走进生活垃圾分类中转站',
    description: '第二场。跟随环卫工人了解湿垃圾、干垃圾的分类转运过程，参观压缩设备与除臭系统。',
    organiser: '杨浦区绿化和市容管理局',
    district: 'yangpu',
    topic: 'environment',
    venue: '杨浦区生活垃圾中转站',
    address: '上海市杨浦区军工路1300号',
    transitHint: '公交6路、135路军工路黄兴路站下，步行约5分钟',
    accessibility: '参观路线为平地，部分区域有台阶。',
    programme: [{ kind: 'experience', title: '转运流程参观', time: '14:00' }, { kind: 'survey', title: '问卷：您最关心的分类问题', time: '15:00' }],
    livestreamUrl: null,
    capacity: 12,
    maxParty: 2,
    seriesId: 'yangpu-transfer-station',
    day: 15,
  },
  {
    title: '一滴水的旅程：闵行水厂开放日',
    description: '参观从原水到自来水的净化工艺，了解水质检测指标，与水务部门座谈供水保障。',
    organiser: '闵行区水务局',
    district: 'minhang',
    topic: 'environment',
    venue: '闵行第二水厂',
    address: '上海市闵行区江川路2100号',
    transitHint: '地铁5号线东川路站2号口，换乘闵行16路至江川路站',
    accessibility: '厂区道路平整，展厅有电梯；工艺区须穿防滑鞋，不便行走的居民可在展厅观看实时画面。',
    programme: [{ kind: 'experience', title: '净水工艺参观' }, { kind: 'qa', title: '水质问答' }],
    livestreamUrl: null,
    capacity: 8,
    maxParty: 2,
    day: 6,
    fill: { confirmed: 8, waitlisted: 2 },
  },
  {
    title: '列席区政府常务会议（公众代表）',
    description: '邀请市民代表列席区政府常务会议，旁听与民生相关的议题审议，会后座谈。',
    organiser: '徐汇区人民政府办公室',
    district: 'xuhui',
    topic: 'government',
    venue: '徐汇区人民政府',
    address: '上海市徐汇区漕溪北路336号',
    transitHint: '地铁1、9、11号线徐家汇站14号口，步行约6分钟',
    accessibility: '正门有坡道；会议室在3楼，电梯可达。',
    programme: [{ kind: 'discussion', title: '会后座谈' }],
    livestreamUrl: null,
    capacity: 10,
    maxParty: 1,
    day: 20,
    opensIn: 3,
  },
  {
    title: '社区卫生服务中心开放日',
    description: '了解家庭医生签约、慢病长处方等服务。',
    organiser: '静安区卫生健康委员会',
    district: 'jingan',
    topic: 'health',
    venue: '静安区江宁路街道社区卫生服务中心',
    address: '上海市静安区康定路1050号',
    transitHint: '地铁7号线昌平路站，步行约10分钟',
    accessibility: '全程无障碍。',
    programme: [{ kind: 'qa', title: '家庭医生答疑' }],
    livestreamUrl: null,
    capacity: 15,
    maxParty: 2,
    day: 10,
    cancelled: '因场地检修，本场开放日取消，改期另行通知。已报名的居民无需任何操作，给您带来不便，敬请谅解。',
  },
  {
    title: '走进消防救援站',
    description: '参观消防车辆与装备，学习家庭消防常识。',
    organiser: '黄浦区消防救援支队',
    district: 'huangpu',
    topic: 'government',
    venue: '黄浦区南京东路消防救援站',
    address: '上海市黄浦区九江路501号',
    transitHint: '地铁2、10号线南京东路站',
    accessibility: '车库为平地，可轮椅通行。',
    programme: [{ kind: 'experience', title: '装备体验' }],
    livestreamUrl: null,
    capacity: 20,
    maxParty: 2,
    day: -14,
  },
  {
    title: '区档案馆开放日：城市记忆里的嘉定',
    description: '参观档案库房与修复工作室，了解档案查阅渠道，观看老照片展。线上同步直播。',
    organiser: '嘉定区档案局',
    district: 'jiading',
    topic: 'culture',
    venue: '嘉定区档案馆',
    address: '上海市嘉定区博乐路118号',
    transitHint: '地铁11号线嘉定西站，换乘嘉定7路至博乐路站',
    accessibility: '展厅与阅览室均可轮椅到达；提供大字版导览手册。',
    programme: [{ kind: 'experience', title: '修复工作室参观' }, { kind: 'qa', title: '档案查阅答疑' }],
    livestreamUrl: 'https://live.jiading.gov.cn/archives-open-day',
    capacity: 25,
    maxParty: 3,
    day: 12,
  },
  {
    title: '12345市民服务热线开放日',
    description: '走进热线受理大厅，看一通电话如何派单、办理、回访；与接线员座谈。',
    organiser: '普陀区城市运行管理中心',
    district: 'putuo',
    topic: 'government',
    venue: '普陀区城市运行管理中心',
    address: '上海市普陀区大渡河路1668号',
    transitHint: '地铁13号线大渡河路站2号口，步行约3分钟',
    accessibility: '电梯直达；设无障碍卫生间。',
    programme: [{ kind: 'experience', title: '受理大厅参观' }, { kind: 'discussion', title: '与接线员座谈' }, { kind: 'survey', title: '热线服务问卷' }],
    livestreamUrl: null,
    capacity: 16,
    maxParty: 2,
    day: 9,
  },
]

const PROPOSALS: ProposalBody[] = [
  { district: 'pudong', title: '开放浦东新区城市运行管理中心（城市大脑）', body: '想看看“一网统管”大屏上怎么发现和处置问题。' },
  { district: 'yangpu', title: '走进杨浦滨江防汛泵站', body: '汛期暴雨时泵站怎么排水？' },
  { district: 'xuhui', title: '开放区医保中心窗口', body: '了解异地就医备案和长护险怎么办。' },
  { district: 'minhang', title: '参观区疾控中心实验室', body: '' },
  { district: 'jingan', title: '开放街道社区食堂后厨', body: '想看看食品安全是怎么管的。' },
]

/** 政府开放月 demo events, relative to `now`: open, full with a waitlist, not yet open, cancelled and past. */
export async function seedEvents(db: Db, now: Date): Promise<string> {
  const secrets = await eventSecrets(db)
  let registered = 0
  for (const d of DEMO) {
    const { day, hours = 2, opensIn, cancelled, fill, ...rest } = d
    const startsAt = at(now, day, d.programme[0]?.time === '14:00' ? 14 : 9.5)
    const past = day < 0
    const signupOpensAt = opensIn ? at(now, opensIn, 10) : new Date(startsAt.getTime() - (past ? 10 : Math.max(day, 1) + 7) * DAY)
    const id = await createEvent(db, secrets, {
      ...rest,
      status: 'published',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + hours * HOUR).toISOString(),
      signupOpensAt: signupOpensAt.toISOString(),
      signupClosesAt: new Date(startsAt.getTime() - DAY).toISOString(),
    })
    if (fill) {
      const event = (await getEventRow(db, id))!
      for (let i = 0; i < fill.confirmed + fill.waitlisted; i++) {
        await register(db, secrets, { event, name: `示例居民${i + 1}`, phone: `1380000${String(1000 + i)}`, partySize: 1, source: i % 3 === 0 ? 'phone' : 'online', now })
        registered++
      }
    }
    if (cancelled)
      await db.update(events).set({ status: 'cancelled', cancellationNotice: cancelled }).where(eq(events.id, id))
    if (day < 0)
      await publishReport(db, id, '参加的居民最关心老旧小区的消防通道被占用和电动自行车在楼道充电问题，也希望消防站能定期向社区开放。', '街道已会同消防救援站在12个老旧小区开展消防通道专项整治；新增集中充电桩300个；消防站每月第一个周六上午向居民开放。', new Date(startsAt.getTime() + 7 * DAY))
  }
  for (const [i, p] of PROPOSALS.entries()) {
    const { id } = await createProposal(db, p, now)
    if (i < 4) {
      await moderateProposal(db, id, 'publish', null, now)
      await db.update(eventProposals).set({ supportCount: [86, 41, 23, 9][i]! }).where(eq(eventProposals.id, id))
    }
  }
  return `${DEMO.length} open-day events (${registered} demo sign-ups), ${PROPOSALS.length} theme proposals`
}
