/**
 * The demo community that `npm start` seeds on first run: fictional names in the style of the
 * seed articles (shared/seeds). One community, 3 grids, 6 micro-grids, 12 buildings.
 * Micro-grid 3-2 deliberately has no member, so its requests go straight to 第三网格 (routing
 * "no member at a level → go up a level at once").
 */
import type { Role } from '../src/domain/roles'
import type {
  BuildingDoc,
  CommunityDoc,
  GridDoc,
  MembershipDoc,
  UnitDoc,
  UserDoc,
  VolunteerDoc,
} from '../cloudfunctions/core/model'

export const COMMUNITY: CommunityDoc = { _id: 'c-xingfuli', name: '幸福里社区', street: '暖阳街道' }

const GRID_NAMES = ['第一网格', '第二网格', '第三网格']

export interface DemoIdentity {
  openid: string
  name: string
  role: Role
  /** What this identity is for, shown on the dev chooser and in the README. */
  description: string
  phone?: string
  /** 公示 (issue 16): the work number they publish to the residents they serve. */
  workPhone?: string
  buildingCode?: string
  room?: string
  gridId?: string
  /** 责任单位联系人: the unit they answer for (demoUnits). */
  unitId?: string
  /** Where the role is held when not 幸福里社区: 春风社区 or the street (seeded with the street, seedStreet). */
  communityId?: string
}

export function demoGrids(): GridDoc[] {
  const root: GridDoc = {
    _id: 'g-1',
    communityId: COMMUNITY._id,
    level: 1,
    name: COMMUNITY.name,
    parentId: null,
    path: ['g-1'],
  }
  const grids: GridDoc[] = [root]
  GRID_NAMES.forEach((name, i) => {
    const gid = `g-1-${i + 1}`
    grids.push({
      _id: gid,
      communityId: COMMUNITY._id,
      level: 2,
      name,
      parentId: root._id,
      path: [root._id, gid],
    })
    for (let j = 1; j <= 2; j++) {
      const mid = `${gid}-${j}`
      grids.push({
        _id: mid,
        communityId: COMMUNITY._id,
        level: 3,
        name: `${j}号微网格`,
        parentId: gid,
        path: [root._id, gid, mid],
      })
    }
  })
  return grids
}

export function demoBuildings(): BuildingDoc[] {
  const micro = demoGrids().filter((g) => g.level === 3)
  return Array.from({ length: 12 }, (_, i) => {
    const n = i + 1
    const code = `B${String(n).padStart(2, '0')}`
    return {
      _id: code,
      name: `${n}号楼`,
      address: `幸福里小区${n}号楼`,
      communityId: COMMUNITY._id,
      gridId: micro[Math.floor(i / 2)]._id,
    }
  })
}

export const DEMO_IDENTITIES: DemoIdentity[] = [
  {
    openid: 'demo-admin',
    name: '李秀兰',
    role: 'communityAdmin',
    description: '社区党委书记，查看全社区',
    phone: '13900000001',
    // 社区居委会's number: on the volunteer certificates the community issues.
    workPhone: '0916-3212000',
  },
  {
    openid: 'demo-leader-1',
    name: '王建国',
    role: 'gridLeader',
    gridId: 'g-1-1',
    description: '第一网格网格长',
    phone: '13900000011',
    workPhone: '0916-3212011',
  },
  {
    openid: 'demo-leader-2',
    name: '张丽',
    role: 'gridLeader',
    gridId: 'g-1-2',
    description: '第二网格网格长',
    phone: '13900000012',
  },
  {
    openid: 'demo-leader-3',
    name: '赵海涛',
    role: 'gridLeader',
    gridId: 'g-1-3',
    description: '第三网格网格长',
    phone: '13900000013',
  },
  {
    openid: 'demo-member-1-1',
    name: '刘芳',
    role: 'gridMember',
    gridId: 'g-1-1-1',
    description: '网格员，1号、2号楼',
    phone: '13900000111',
    workPhone: '0916-3212111',
  },
  {
    openid: 'demo-member-1-2',
    name: '陈明',
    role: 'gridMember',
    gridId: 'g-1-1-2',
    description: '网格员，3号、4号楼',
    phone: '13900000112',
  },
  {
    openid: 'demo-member-2-1',
    name: '杨雪梅',
    role: 'gridMember',
    gridId: 'g-1-2-1',
    description: '网格员，5号、6号楼',
    phone: '13900000121',
  },
  {
    openid: 'demo-member-2-2',
    name: '黄志强',
    role: 'gridMember',
    gridId: 'g-1-2-2',
    description: '网格员，7号、8号楼',
    phone: '13900000122',
  },
  {
    openid: 'demo-member-3-1',
    name: '周婷',
    role: 'gridMember',
    gridId: 'g-1-3-1',
    description: '网格员，9号、10号楼',
    phone: '13900000131',
  },
  {
    openid: 'demo-resident-1',
    name: '王大爷',
    role: 'resident',
    buildingCode: 'B01',
    room: '3单元502',
    description: '1号楼居民，年近八十',
    phone: '13812345601',
  },
  {
    openid: 'demo-resident-2',
    name: '孙阿姨',
    role: 'resident',
    buildingCode: 'B03',
    room: '1单元201',
    description: '3号楼居民',
    phone: '13812345602',
  },
  {
    openid: 'demo-resident-3',
    name: '周先生',
    role: 'resident',
    buildingCode: 'B07',
    room: '2单元1102',
    description: '7号楼居民',
    phone: '13812345603',
  },
  {
    openid: 'demo-resident-4',
    name: '吴奶奶',
    role: 'resident',
    buildingCode: 'B12',
    room: '1单元101',
    description: '12号楼居民（所在微网格暂无网格员）',
    phone: '13812345604',
  },
  {
    // 楼栋长 of 1号楼 (issue 16): a neighbour who lives there, not staff — sees the building's open
    // requests masked, 代录 for neighbours, files 巡查发现, hears of what happens in the building.
    openid: 'demo-building-leader-1',
    name: '赵桂兰',
    role: 'buildingLeader',
    buildingCode: 'B01',
    room: '1单元101',
    gridId: 'g-1-1-1',
    description: '1号楼楼栋长（住1号楼）',
    phone: '13812345611',
  },
  {
    openid: 'demo-volunteer-1',
    name: '郑晓东',
    role: 'partyMember',
    description: '在职党员（双报到）',
    phone: '13700000001',
  },
  {
    openid: 'demo-volunteer-2',
    name: '冯雪',
    role: 'volunteer',
    description: '社区志愿者',
    phone: '13700000002',
  },
  {
    // 吹哨报到 (issue 17): the contact of 幸福里物业 (demoUnits), seeded with the units (seedUnits).
    openid: 'demo-unit-1',
    name: '孙经理',
    role: 'unitStaff',
    unitId: 'u-wuye',
    description: '幸福里物业服务中心（1–6号楼 设施报修、环境卫生）',
    phone: '13900003333',
  },
  {
    // 街道 (issue 17, part 3): seeded with the street (seedStreet, `street` option).
    openid: 'demo-street',
    name: '马晓燕',
    role: 'streetAdmin',
    communityId: 's-nuanyang',
    description: '暖阳街道综治中心，街道兜底与各社区总览',
    phone: '13900005555',
  },
  {
    openid: 'demo-admin-2',
    name: '陈志刚',
    role: 'communityAdmin',
    communityId: 'c-chunfeng',
    description: '春风社区党委书记（同属暖阳街道）',
    phone: '13900000002',
  },
  {
    openid: 'demo-newcomer',
    name: '微信用户',
    role: 'resident',
    description: '新用户，尚未绑定楼栋（试试扫码）',
  },
]

/** A unit's contact is seeded with the units (`units` option), the street's people with the street (`street`). */
type Part = 'community' | 'units' | 'street'
const partOf = (d: DemoIdentity): Part =>
  d.role === 'unitStaff' && !d.communityId ? 'units' : d.communityId ? 'street' : 'community'

export function demoUsers(at: Date, part: Part = 'community'): UserDoc[] {
  return DEMO_IDENTITIES.filter((d) => d.openid !== 'demo-newcomer' && partOf(d) === part).map((d) => {
    const user: UserDoc = { _id: d.openid, name: d.name, createdAt: at, updatedAt: at }
    if (d.phone) user.phone = d.phone
    if (d.buildingCode) user.buildingCode = d.buildingCode
    if (d.room) user.room = d.room
    if (d.workPhone) user.workPhone = d.workPhone
    return user
  })
}

export function demoMemberships(part: Part = 'community'): MembershipDoc[] {
  return DEMO_IDENTITIES.filter((d) => d.role !== 'resident' && partOf(d) === part).map((d) => {
    const m: MembershipDoc = {
      _id: `m-${d.openid}`,
      openid: d.openid,
      role: d.role,
      communityId: d.communityId ?? COMMUNITY._id,
    }
    if (d.gridId) m.gridId = d.gridId
    // A 楼栋长's membership names their building (roles/reach.ts); they also live there.
    if (d.role === 'buildingLeader' && d.buildingCode) m.buildingCode = d.buildingCode
    if (d.unitId) m.unitId = d.unitId
    return m
  })
}

/** The demo volunteers' registrations: 郑晓东 a confirmed 双报到 party member, 冯雪 a volunteer. */
export function demoVolunteers(at: Date): VolunteerDoc[] {
  return [
    {
      _id: 'demo-volunteer-1',
      communityId: COMMUNITY._id,
      name: '郑晓东',
      phone: '13700000001',
      skills: ['水电维修', '电脑'],
      availability: '周末全天',
      party: { workUnit: '市自来水公司', branch: '第三党支部', status: 'confirmed' },
      createdAt: at,
      updatedAt: at,
    },
    {
      _id: 'demo-volunteer-2',
      communityId: COMMUNITY._id,
      name: '冯雪',
      phone: '13700000002',
      skills: ['作业辅导', '陪伴聊天'],
      availability: '工作日下午',
      party: null,
      createdAt: at,
      updatedAt: at,
    },
  ]
}

/**
 * 吹哨报到 (issue 17): 幸福里物业 for 1–6号楼's 设施报修 and 环境卫生, and the 供电所 for 水电气暖
 * across the community. 孙经理 (demo-unit-1) is 物业's contact.
 */
export function demoUnits(at: Date): UnitDoc[] {
  const unit = (u: Omit<UnitDoc, 'communityId' | 'createdAt' | 'updatedAt' | 'gridIds'>): UnitDoc => ({
    ...u,
    communityId: COMMUNITY._id,
    gridIds: [],
    createdAt: at,
    updatedAt: at,
  })
  return [
    unit({
      _id: 'u-wuye',
      requestId: 'demo-seed-unit-wuye',
      kind: 'property',
      name: '幸福里物业服务中心',
      categories: ['facility', 'environment'],
      buildingCodes: ['B01', 'B02', 'B03', 'B04', 'B05', 'B06'],
      contactName: '孙经理',
      contactPhone: '13900003333',
      partyOrg: false,
    }),
    unit({
      _id: 'u-power',
      requestId: 'demo-seed-unit-power',
      kind: 'utility',
      name: '国网供电所幸福里台区',
      categories: ['utility'],
      buildingCodes: [],
      contactName: '周电工',
      contactPhone: '0916-3219595',
      partyOrg: true,
    }),
  ]
}

/**
 * 街道 (issue 17, part 3): 暖阳街道 above 幸福里社区 and 春风社区, a smaller neighbour (2 grids, 4
 * buildings). 马晓燕 (demo-street) is its 街道管理员, 陈志刚 (demo-admin-2) 春风's admin; the
 * street's 挂钩部门 is the 城管执法中队.
 */
export const STREET = { _id: 's-nuanyang', name: '暖阳街道' }
export const SECOND_COMMUNITY: CommunityDoc = {
  _id: 'c-chunfeng',
  name: '春风社区',
  street: STREET.name,
  streetId: STREET._id,
}

export function secondGrids(): GridDoc[] {
  const c = SECOND_COMMUNITY._id
  const root: GridDoc = {
    _id: 'cf-1',
    communityId: c,
    level: 1,
    name: SECOND_COMMUNITY.name,
    parentId: null,
    path: ['cf-1'],
  }
  return [
    root,
    ...['东区网格', '西区网格'].flatMap((name, i): GridDoc[] => {
      const gid = `cf-1-${i + 1}`
      return [
        { _id: gid, communityId: c, level: 2, name, parentId: root._id, path: [root._id, gid] },
        {
          _id: `${gid}-1`,
          communityId: c,
          level: 3,
          name: '1号微网格',
          parentId: gid,
          path: [root._id, gid, `${gid}-1`],
        },
      ]
    }),
  ]
}

export function secondBuildings(): BuildingDoc[] {
  return Array.from({ length: 4 }, (_, i) => ({
    _id: `CF0${i + 1}`,
    name: `春风里${i + 1}号楼`,
    address: `春风里小区${i + 1}号楼`,
    communityId: SECOND_COMMUNITY._id,
    gridId: i < 2 ? 'cf-1-1-1' : 'cf-1-2-1',
  }))
}

export function streetUnits(at: Date): UnitDoc[] {
  return [
    {
      _id: 'u-street-cgzf',
      requestId: 'demo-seed-unit-cgzf',
      communityId: STREET._id,
      kind: 'gridUnit',
      name: '暖阳街道城管执法中队',
      categories: ['environment', 'facility', 'other'],
      buildingCodes: [],
      gridIds: [],
      contactName: '刘队长',
      contactPhone: '0916-3216110',
      partyOrg: true,
      createdAt: at,
      updatedAt: at,
    },
  ]
}
