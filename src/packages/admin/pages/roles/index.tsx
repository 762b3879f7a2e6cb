import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Fragment, useState } from 'react'
import { call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { WorkingCommunity } from '../../../../components/CommunitySwitcher'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import type { ActionOutput, RoleList } from '../../../../domain/contract'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { InvitationCard } from '../../components/InvitationCard'
import { emptyHanded, RevokeStep, type WorkInHand } from '../../components/RevokeStep'
import { wallMs } from '../../../../clock'
import { confirmAction } from '../../../../hooks/confirm'

type InviteRole = 'gridMember' | 'gridLeader' | 'buildingLeader' | 'communityAdmin'
type Created = ActionOutput<'invite.create'>

const ROLE_CHOICES: { role: InviteRole; label: string; level?: number }[] = [
  { role: 'gridMember', label: '网格员', level: 3 },
  { role: 'gridLeader', label: '网格长', level: 2 },
  { role: 'buildingLeader', label: '楼栋长' },
  { role: 'communityAdmin', label: '社区管理员' },
]

const newRequestId = () => `inv-${wallMs().toString(36)}${Math.random().toString(36).slice(2, 10)}`

function Chips<T extends string>(props: {
  items: { id: T; label: string }[]
  value: T | ''
  onPick: (v: T) => void
  testId: string
}) {
  return (
    <View className="chips" data-testid={props.testId}>
      {props.items.map((it) => (
        <View
          key={it.id}
          className={`chip ${props.value === it.id ? 'chip-on' : ''}`}
          onClick={() => props.onPick(it.id)}
        >
          {it.label}
        </View>
      ))}
    </View>
  )
}

function InviteForm({ list, onCreated }: { list: RoleList; onCreated: (inv: Created) => void }) {
  const [role, setRole] = useState<InviteRole | ''>('')
  const [target, setTarget] = useState('')
  const [name, setName] = useState('')
  const [busy, perform] = useAction()
  const choice = ROLE_CHOICES.find((c) => c.role === role)

  async function submit() {
    if (!role) return
    const where =
      role === 'buildingLeader'
        ? { buildingCode: target }
        : role === 'communityAdmin'
          ? {}
          : { gridId: target }
    const inv = await perform(() =>
      call('invite.create', { requestId: newRequestId(), role, name, ...where }),
    )
    if (inv) onCreated(inv)
  }

  return (
    <View className="card" data-testid="invite-form">
      <Text className="card-title">邀请新人员</Text>
      <Text className="section-title">角色</Text>
      <Chips
        testId="invite-role"
        items={ROLE_CHOICES.map((c) => ({ id: c.role, label: c.label }))}
        value={role}
        onPick={(r) => {
          setRole(r)
          setTarget('')
        }}
      />
      {choice?.level ? (
        <>
          <Text className="section-title">{choice.level === 2 ? '负责的网格' : '负责的微网格'}</Text>
          <Chips
            testId="invite-grid"
            items={list.grids
              .filter((g) => g.level === choice.level)
              .map((g) => ({ id: g.id, label: g.name }))}
            value={target}
            onPick={setTarget}
          />
        </>
      ) : null}
      {role === 'buildingLeader' ? (
        <>
          <Text className="section-title">负责的楼栋</Text>
          <Chips
            testId="invite-building"
            items={list.buildings.map((b) => ({ id: b.code, label: b.name }))}
            value={target}
            onPick={setTarget}
          />
        </>
      ) : null}
      <TextField
        label="姓名"
        value={name}
        onInput={setName}
        placeholder="被邀请人的姓名"
        testId="invite-name"
      />
      <BigButton testId="invite-submit" loading={busy} disabled={!role} onClick={submit}>
        生成邀请码
      </BigButton>
    </View>
  )
}

/**
 * 人员与角色: who holds which role, who is on the roster but not yet invited, the open invitations
 * and the latest changes. Roles are given only by invitation; revoking one takes effect at once.
 */
export default function RolesPage() {
  const list = useApi(() => call('role.list', {}))
  const [created, setCreated] = useState<Created | null>(null)
  const [busy, perform] = useAction()
  const [revoking, setRevoking] = useState<{ membershipId: string; work: WorkInHand } | null>(null)

  async function inviteStaff(staffId: string) {
    const inv = await perform(() => call('invite.create', { requestId: newRequestId(), staffId }))
    if (!inv) return
    setCreated(inv)
    list.reload()
  }

  /** 撤销: first what the holder still has in hand (role.workOf); with nothing, the plain confirmation. */
  async function revoke(membershipId: string, who: string) {
    const work = await perform(() => call('role.workOf', { membershipId }))
    if (!work) return
    if (!emptyHanded(work)) return setRevoking({ membershipId, work })
    const sure = await confirmAction({
      title: '撤销角色？',
      content: `撤销${who}的角色后，对方下一次操作时即失去权限。`,
      confirm: '撤销角色',
      keep: '暂不撤销',
    })
    if (!sure) return
    if (await perform(() => call('role.revoke', { membershipId, reason: '' }))) list.reload()
  }

  async function cancelInvite(code: string) {
    if (await perform(() => call('invite.revoke', { code }))) list.reload()
  }

  return (
    <Page>
      <WorkingCommunity reopen="/packages/admin/pages/roles/index" />
      {created ? <InvitationCard inv={created} who="新成员" /> : null}
      <StateView {...list} onRetry={list.reload}>
        {(l) => (
          <>
            {l.roster.length ? (
              <View className="card" data-testid="roster">
                <Text className="card-title">待邀请（来自导入名单）</Text>
                {l.roster.map((s) => (
                  <View key={s.staffId} className="list-item">
                    <Text className="list-item-desc" style={{ display: 'block' }}>
                      {s.name} · {s.roleLabel} · {s.gridName}
                    </Text>
                    <BigButton
                      kind="default"
                      loading={busy}
                      testId={`invite-${s.name}`}
                      onClick={() => inviteStaff(s.staffId)}
                    >
                      生成邀请码
                    </BigButton>
                  </View>
                ))}
              </View>
            ) : null}
            <InviteForm
              list={l}
              onCreated={(inv) => {
                setCreated(inv)
                list.reload()
              }}
            />
            <View className="card" data-testid="holders">
              <Text className="card-title">现有角色（{l.holders.length}）</Text>
              {l.holders.map((h) => (
                <Fragment key={h.membershipId}>
                  <View className="list-item row" data-testid="holder">
                    <Text className="list-item-desc">
                      {h.name}
                      {h.self ? '（我）' : ''} · {h.roleLabel} · {h.gridName}
                    </Text>
                    {/* One's own role is not a button here: stepping down goes through another admin. */}
                    {h.self ? null : (
                      <View
                        className="link"
                        ariaRole="button"
                        ariaLabel={`撤销${h.name}的${h.roleLabel}角色`}
                        data-testid="revoke-role"
                        onClick={() => void revoke(h.membershipId, h.name)}
                      >
                        撤销
                      </View>
                    )}
                  </View>
                  {/* What they have in hand, and who takes it over: right under their line. */}
                  {revoking?.membershipId === h.membershipId ? (
                    <RevokeStep
                      holder={h}
                      work={revoking.work}
                      holders={l.holders}
                      onCancel={() => setRevoking(null)}
                      onDone={(taker) => {
                        setRevoking(null)
                        list.reload()
                        void Taro.showToast({
                          title: taker ? `已撤销，交给${taker}` : '已撤销',
                          icon: 'none',
                        })
                      }}
                    />
                  ) : null}
                </Fragment>
              ))}
            </View>
            {l.invitations.length ? (
              <View className="card" data-testid="open-invitations">
                <Text className="card-title">未使用的邀请</Text>
                {l.invitations.map((i) => (
                  <View key={i.code} className="list-item">
                    <Text className="list-item-desc" style={{ display: 'block' }}>
                      {i.code} · {i.name || '未填姓名'} · {i.roleLabel} · {i.expiresText}前有效
                    </Text>
                    <BigButton kind="default" loading={busy} onClick={() => cancelInvite(i.code)}>
                      撤销邀请
                    </BigButton>
                  </View>
                ))}
              </View>
            ) : null}
            <View className="card">
              <Text className="card-title">最近变动</Text>
              {l.events.length === 0 ? <Text className="muted">暂无</Text> : null}
              {l.events.map((e, i) => (
                <Text key={i} className="list-item-desc" style={{ display: 'block' }}>
                  {e.text}
                </Text>
              ))}
            </View>
          </>
        )}
      </StateView>
    </Page>
  )
}
