/**
 * Every table-driven lifecycle in one list: its statuses (with the words people see), where a new
 * record starts, who the table speaks of, its transitions and the check that applies them. The
 * states page (docs/states.md, `npm run states`) is generated from this, and a test fails when
 * the page and the tables part (test/domain/lifecycles.test.ts).
 *
 * A new table-driven lifecycle is added here (the 民情日志 round of issue 16 will be).
 */
import {
  INVITATION_INITIAL,
  INVITATION_RELATIONS,
  INVITATION_STATUSES,
  INVITATION_TRANSITIONS,
  invitationTransition,
} from './invitations'
import { PARTY_INITIAL, PARTY_RELATIONS, PARTY_STATUSES, PARTY_TRANSITIONS, partyTransition } from './party'
import { REQUEST_STATUSES, REQUEST_TRANSITIONS, transition, type Relation } from './request'
import {
  SIGNUP_INITIAL,
  SIGNUP_RELATIONS,
  SIGNUP_STATUSES,
  SIGNUP_TRANSITIONS,
  signupTransition,
} from './signup'
import type { TransitionKind, TransitionRule } from './transitions'
import { VISIT_INITIAL, VISIT_RELATIONS, VISIT_STATUSES, VISIT_TRANSITIONS, visitTransition } from './visit'
import { WISH_STATUSES, WISH_TRANSITIONS, wishTransition, type WishRelation } from './wish'

export type LifecycleRow = TransitionRule<string, string>

/** One lifecycle, typed by its own statuses S, actions A and relations R. */
interface LifecycleOf<S extends string, A extends string, R extends string, Checked> {
  /** A short code (the states page's anchor). */
  key: string
  /** What people call it. */
  name: string
  /** The module that holds the table. */
  source: string
  statuses: Readonly<Record<S, string>>
  /** Where a new one starts. */
  initial: readonly S[]
  /** Who the table's `by` speaks of, in words. */
  relations: Readonly<Record<R, string>>
  transitions: Readonly<Record<A, TransitionRule<S, R>>>
  /** The table applied (for requests: with its own extra rule, request.ts). */
  check(status: S, action: A, relations: ReadonlySet<R>): Checked
}

/** As the registry, the states page and the tests see one: codes as strings. */
export type Lifecycle = LifecycleOf<string, string, string, { ok: boolean; message?: string }>

export const KIND_LABELS: Record<TransitionKind, string> = {
  user: '按钮',
  derived: '随之发生',
  system: '系统',
}

/** request.ts and wish.ts name their relations in comments; here in words. */
const REQUEST_RELATIONS: Record<Relation, string> = {
  owner: '提交人（居民）',
  handler: '负责该楼栋的网格员（上级网格长、社区管理员亦可）',
  assignee: '接单的网格员',
  supervisor: '上级网格长或社区管理员',
  proxy: '代录诉求时代居民回访的上级',
  former: '曾经办理过、已转出的人',
  system: '系统',
  unit: '被吹哨请来办理的责任单位联系人',
  neighbour: '同楼栋的其他居民（跟进，+1）',
}

const WISH_RELATIONS: Record<WishRelation, string> = {
  owner: '许愿人',
  steward: '负责该楼栋的网格员（上级网格长、社区管理员亦可）',
  volunteer: '志愿者或双报到党员（非许愿人本人）',
  claimant: '认领人',
  system: '系统',
}

/**
 * One entry, typed by its own table: the check takes the table's statuses, actions and relations,
 * and the registry (which speaks of strings) trusts it with those only — the states page and the
 * tests hand it back codes read from the same table.
 */
function lifecycle<S extends string, A extends string, R extends string>(
  l: LifecycleOf<S, A, R, { ok: true } | { ok: false; message: string }>,
): Lifecycle {
  return {
    ...l,
    check(status, action, relations) {
      const r = l.check(status as S, action as A, relations as ReadonlySet<R>)
      return r.ok ? { ok: true } : { ok: false, message: r.message }
    },
  }
}

export const LIFECYCLES: readonly Lifecycle[] = [
  lifecycle({
    key: 'request',
    name: '诉求',
    source: 'src/domain/request.ts',
    statuses: REQUEST_STATUSES,
    initial: ['assigned'],
    relations: REQUEST_RELATIONS,
    transitions: REQUEST_TRANSITIONS,
    check: transition,
  }),
  lifecycle({
    key: 'wish',
    name: '微心愿',
    source: 'src/domain/wish.ts',
    statuses: WISH_STATUSES,
    initial: ['reviewing'],
    relations: WISH_RELATIONS,
    transitions: WISH_TRANSITIONS,
    check: wishTransition,
  }),
  lifecycle({
    key: 'signup',
    name: '活动报名',
    source: 'src/domain/signup.ts',
    statuses: SIGNUP_STATUSES,
    initial: SIGNUP_INITIAL,
    relations: SIGNUP_RELATIONS,
    transitions: SIGNUP_TRANSITIONS,
    check: signupTransition,
  }),
  lifecycle({
    key: 'invitation',
    name: '角色邀请',
    source: 'src/domain/invitations.ts',
    statuses: INVITATION_STATUSES,
    initial: INVITATION_INITIAL,
    relations: INVITATION_RELATIONS,
    transitions: INVITATION_TRANSITIONS,
    check: invitationTransition,
  }),
  lifecycle({
    key: 'party',
    name: '双报到党员确认',
    source: 'src/domain/party.ts',
    statuses: PARTY_STATUSES,
    initial: PARTY_INITIAL,
    relations: PARTY_RELATIONS,
    transitions: PARTY_TRANSITIONS,
    check: partyTransition,
  }),
  lifecycle({
    key: 'visit',
    name: '暖心助老探访',
    source: 'src/domain/visit.ts',
    statuses: VISIT_STATUSES,
    initial: VISIT_INITIAL,
    relations: VISIT_RELATIONS,
    transitions: VISIT_TRANSITIONS,
    check: visitTransition,
  }),
]

/** Statuses nothing leaves (a move back to the same status does not count). */
export function terminalStatuses(l: Lifecycle): string[] {
  return Object.keys(l.statuses).filter(
    (s) => !Object.values(l.transitions).some((t) => t.from.includes(s) && t.to !== s),
  )
}

// ---- the states page -------------------------------------------------------------------------

const cell = (text: string) => text.replace(/\|/g, '\\|')

function statusText(l: Lifecycle, code: string): string {
  return `${l.statuses[code]} \`${code}\``
}

/** One lifecycle's section: its statuses, the table, a Mermaid diagram. */
function section(l: Lifecycle): string {
  const out: string[] = []
  out.push(`## ${l.name} \`${l.key}\``, '')
  out.push(
    `Table: \`${l.source}\`. A new one starts ${l.initial.map((s) => statusText(l, s)).join(' or ')}.`,
    '',
  )
  out.push('| status | 状态 | |', '| --- | --- | --- |')
  const terminal = terminalStatuses(l)
  for (const [code, label] of Object.entries(l.statuses))
    out.push(`| \`${code}\` | ${label} | ${terminal.includes(code) ? '终态' : ''} |`)
  out.push('')
  out.push('| action | label | from | to | who | kind |', '| --- | --- | --- | --- | --- | --- |')
  for (const [action, t] of Object.entries(l.transitions)) {
    const from = t.from.map((s) => statusText(l, s)).join('<br>')
    const who = t.by.map((r) => `${l.relations[r]} \`${r}\``).join('<br>')
    out.push(
      `| \`${action}\` | ${cell(t.label)} | ${from} | ${statusText(l, t.to)} | ${cell(who)} | ${KIND_LABELS[t.kind]} \`${t.kind}\` |`,
    )
  }
  out.push('', '```mermaid', 'stateDiagram-v2')
  for (const [code, label] of Object.entries(l.statuses)) out.push(`  state "${label}" as ${code}`)
  for (const s of l.initial) out.push(`  [*] --> ${s}`)
  for (const [action, t] of Object.entries(l.transitions))
    for (const from of t.from) out.push(`  ${from} --> ${t.to} : ${t.label}（${action}）`)
  for (const s of terminal) out.push(`  ${s} --> [*]`)
  out.push('```', '')
  return out.join('\n')
}

/** docs/states.md, as `npm run states` writes it. */
export function statesPage(lifecycles: readonly Lifecycle[] = LIFECYCLES): string {
  const head = [
    '# 状态与流转 / States',
    '',
    '<!-- Generated from src/domain/lifecycles.ts by `npm run states`; do not edit by hand. -->',
    '',
    'Every table-driven lifecycle: its statuses, each move (who takes it, from which status, to',
    'which), and a diagram. The server applies these tables; a test fails when this page and the',
    'tables differ.',
    '',
    `Kinds: ${Object.entries(KIND_LABELS)
      .map(([k, v]) => `${v} \`${k}\``)
      .join(' · ')} — a button someone presses, what a move turns into, what the scheduler does.`,
    '',
    ...lifecycles.map((l) => `- [${l.name}](#${l.name}-${l.key})`),
    '',
  ]
  return [...head, ...lifecycles.map(section)].join('\n')
}
