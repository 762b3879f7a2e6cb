import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ApiCallError, call } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import { wallMs } from '../../../../clock'
import { CATEGORIES, type CategoryCode } from '../../../../domain/categories'
import type { ActionOutput } from '../../../../domain/contract'
import { UNIT_KINDS, type UnitKind } from '../../../../domain/units'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { InvitationCard } from '../../components/InvitationCard'
import { WORK_PHONE_HINT } from '../../../../domain/contact'

type Unit = ActionOutput<'unit.list'>['units'][number]
type Created = ActionOutput<'invite.create'>

const newRequestId = (what: string) =>
  `${what}-${wallMs().toString(36)}${Math.random().toString(36).slice(2, 10)}`
const categoryName = (c: string) => CATEGORIES.find((x) => x.code === c)?.name ?? c

interface Draft {
  id?: string
  requestId: string
  kind?: UnitKind
  name: string
  categories: CategoryCode[]
  buildingCodes: string[]
  contactName: string
  contactPhone: string
  partyOrg: boolean
}

const blank = (): Draft => ({
  requestId: newRequestId('unit'),
  name: '',
  categories: [],
  buildingCodes: [],
  contactName: '',
  contactPhone: '',
  partyOrg: false,
})

const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v])

/** Which buildings a community's unit serves: none chosen is the whole community. */
function BuildingChips(props: {
  buildings: { code: string; name: string }[]
  value: string[]
  onChange: (codes: string[]) => void
}) {
  return (
    <>
      <Text className="section-title">负责哪些楼栋（可多选）</Text>
      <View className="chips" data-testid="unit-buildings">
        <View
          className={`chip ${props.value.length === 0 ? 'chip-on' : ''}`}
          onClick={() => props.onChange([])}
        >
          全社区
        </View>
        {props.buildings.map((b) => (
          <View
            key={b.code}
            className={`chip ${props.value.includes(b.code) ? 'chip-on' : ''}`}
            onClick={() => props.onChange(toggle(props.value, b.code))}
          >
            {b.name}
          </View>
        ))}
      </View>
    </>
  )
}

/** Registers a unit or corrects one: its kind, name, what it handles, where, and whom to phone. */
function UnitForm(props: {
  draft: Draft
  buildings: { code: string; name: string }[]
  /** A street's 挂钩部门: the whole street, no buildings to choose (the server refuses them). */
  street: boolean
  onSaved: (u: Unit) => void
  onCancel: () => void
}) {
  const [d, setD] = useState(props.draft)
  const [error, setError] = useState<string>()
  const [fields, setFields] = useState<Record<string, string>>({})
  const [busy, perform] = useAction()
  const set = (patch: Partial<Draft>) => {
    setD({ ...d, ...patch })
    setError(undefined)
    setFields({})
  }

  /** Bad input stays on the form, under the field it is about (else under the form). */
  function refusedHere(err: unknown): boolean {
    if (!(err instanceof ApiCallError) || err.code !== 'INVALID_INPUT') return false
    if (err.fields && Object.keys(err.fields).length) setFields(err.fields)
    else setError(err.message)
    return true
  }

  async function save() {
    // Asked here in words before the server would refuse it.
    if (!d.kind) return setError('请选择单位类型')
    if (d.categories.length === 0) return setError('请至少选择一类它负责的诉求')
    const kind = d.kind
    const saved = await perform(() =>
      call('unit.save', {
        requestId: d.requestId,
        ...(d.id ? { id: d.id } : {}),
        kind,
        name: d.name,
        categories: d.categories,
        buildingCodes: d.buildingCodes,
        contactName: d.contactName,
        contactPhone: d.contactPhone,
        partyOrg: d.partyOrg,
      }).catch((err: unknown) => {
        if (refusedHere(err)) return undefined
        throw err
      }),
    )
    if (saved) props.onSaved(saved)
  }

  return (
    <View className="card" data-testid="unit-form">
      <Text className="card-title">
        {d.id ? `修改：${props.draft.name}` : props.street ? '登记挂钩部门' : '登记责任单位'}
      </Text>
      <Text className="section-title">单位类型</Text>
      <View className="chips" data-testid="unit-kind">
        {(Object.keys(UNIT_KINDS) as UnitKind[]).map((k) => (
          <View key={k} className={`chip ${d.kind === k ? 'chip-on' : ''}`} onClick={() => set({ kind: k })}>
            {UNIT_KINDS[k]}
          </View>
        ))}
      </View>
      <TextField
        label="单位名称"
        value={d.name}
        onInput={(name) => set({ name })}
        placeholder={props.street ? '例如：暖阳街道城管执法中队' : '例如：幸福里物业服务中心'}
        error={fields.name}
        testId="unit-name"
      />
      <Text className="section-title">负责哪些诉求（可多选）</Text>
      <View className="chips" data-testid="unit-categories">
        {CATEGORIES.map((c) => (
          <View
            key={c.code}
            className={`chip ${d.categories.includes(c.code) ? 'chip-on' : ''}`}
            onClick={() => set({ categories: toggle(d.categories, c.code) })}
          >
            {c.name}
          </View>
        ))}
      </View>
      {props.street ? (
        <Text className="muted" style={{ display: 'block' }} data-testid="unit-street-scope">
          范围：全街道（挂钩部门办理到了街道的诉求，不按楼栋划分）
        </Text>
      ) : (
        <BuildingChips
          buildings={props.buildings}
          value={d.buildingCodes}
          onChange={(buildingCodes) => set({ buildingCodes })}
        />
      )}
      <TextField
        label="联系人"
        value={d.contactName}
        onInput={(contactName) => set({ contactName })}
        placeholder={props.street ? '部门负责对接街道的人' : '单位负责对接社区的人'}
        error={fields.contactName}
        testId="unit-contact-name"
      />
      <TextField
        label="联系电话"
        value={d.contactPhone}
        onInput={(contactPhone) => set({ contactPhone })}
        placeholder={WORK_PHONE_HINT}
        error={fields.contactPhone}
        testId="unit-contact-phone"
      />
      <Text className="section-title">双报到</Text>
      <View className="chips">
        <View
          className={`chip ${d.partyOrg ? 'chip-on' : ''}`}
          onClick={() => set({ partyOrg: !d.partyOrg })}
          data-testid="unit-party"
        >
          {d.partyOrg ? '✓ ' : ''}双报到单位（每月把办理记录反馈给单位）
        </View>
      </View>
      {fields.categories ? <Text className="field-error">{fields.categories}</Text> : null}
      {fields.buildingCodes ? <Text className="field-error">{fields.buildingCodes}</Text> : null}
      {error ? <Text className="field-error">{error}</Text> : null}
      <View className="page-actions">
        <BigButton testId="unit-save" loading={busy} onClick={save}>
          保存
        </BigButton>
        <BigButton kind="default" onClick={props.onCancel}>
          取消
        </BigButton>
      </View>
    </View>
  )
}

/**
 * 责任单位 (吹哨报到, issue 17): the units the community calls in — 物业, 供水供电供气, 派出所, 驻区单位,
 * 网格责任单位 — what each handles and where, and its contact, invited like staff. For a 街道管理员
 * the street's 挂钩部门 (issue 17, part 3): the whole street each, no buildings.
 */
export default function UnitsPage() {
  const data = useApi(async () => {
    const me = await call('me.get', {})
    const street = me.roles.includes('streetAdmin')
    if (street) void Taro.setNavigationBarTitle({ title: '挂钩部门' })
    const [units, buildings] = await Promise.all([
      call('unit.list', {}),
      street ? { buildings: [] } : call('building.list', {}),
    ])
    return {
      street,
      units: units.units,
      buildings: buildings.buildings.map((b) => ({ code: b.code, name: b.name })),
    }
  })
  const [draft, setDraft] = useState<Draft | null>(null)
  const [created, setCreated] = useState<Created | null>(null)
  const [busy, perform] = useAction()

  async function invite(u: Unit) {
    const inv = await perform(() =>
      call('invite.create', {
        requestId: newRequestId('inv'),
        role: 'unitStaff',
        unitId: u.id,
        name: u.contactName,
      }),
    )
    if (inv) {
      setCreated(inv)
      Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    }
  }

  return (
    <Page>
      {created ? <InvitationCard inv={created} who="联系人" /> : null}
      <StateView {...data} onRetry={data.reload}>
        {(d) => {
          const buildingName = (c: string) => d.buildings.find((b) => b.code === c)?.name ?? c
          const what = d.street ? '挂钩部门' : '责任单位'
          return (
            <>
              {draft ? (
                <UnitForm
                  key={draft.id ?? draft.requestId}
                  draft={draft}
                  buildings={d.buildings}
                  street={d.street}
                  onCancel={() => setDraft(null)}
                  onSaved={() => {
                    setDraft(null)
                    Taro.showToast({ title: '已保存', icon: 'success' })
                    data.reload()
                  }}
                />
              ) : (
                <BigButton testId="unit-new" onClick={() => setDraft(blank())}>
                  登记{what}
                </BigButton>
              )}
              <Text className="section-title">
                {d.street ? `已登记的挂钩部门（${d.units.length}）` : `已登记的单位（${d.units.length}）`}
              </Text>
              {d.units.length === 0 ? (
                <Text className="muted">
                  {d.street
                    ? '还没有登记挂钩部门。登记后，街道可以在到了街道的诉求上“吹哨”请部门办理。'
                    : '还没有登记责任单位。登记后，网格长和社区可以在诉求上“吹哨”请单位办理。'}
                </Text>
              ) : null}
              {d.units.map((u) => (
                <View key={u.id} className="card" data-testid="unit-card">
                  <Text className="card-title">{u.name}</Text>
                  <Text className="muted" style={{ display: 'block' }}>
                    {u.kindName}
                  </Text>
                  <Text className="list-item-desc" style={{ display: 'block' }}>
                    负责：{u.categories.map(categoryName).join('、')}
                  </Text>
                  <Text className="list-item-desc" style={{ display: 'block' }}>
                    范围：
                    {u.buildingCodes.length
                      ? u.buildingCodes.map(buildingName).join('、')
                      : d.street
                        ? '全街道'
                        : '全社区'}
                  </Text>
                  <Text className="muted" style={{ display: 'block' }}>
                    联系人：{u.contactName} · {u.contactPhone}
                    {u.partyOrg ? ' · 双报到单位' : ''}
                  </Text>
                  <Text className="muted" style={{ display: 'block', marginBottom: '16px' }}>
                    {u.members ? `已加入的联系人 ${u.members} 人` : '联系人尚未加入'}
                  </Text>
                  <View className="row">
                    <View style={{ flex: 1 }}>
                      <BigButton
                        kind="default"
                        onClick={() =>
                          setDraft({
                            id: u.id,
                            requestId: newRequestId('unit'),
                            kind: u.kind,
                            name: u.name,
                            categories: u.categories,
                            buildingCodes: u.buildingCodes,
                            contactName: u.contactName,
                            contactPhone: u.contactPhone,
                            partyOrg: u.partyOrg,
                          })
                        }
                      >
                        修改
                      </BigButton>
                    </View>
                    <View style={{ flex: 1 }}>
                      <BigButton loading={busy} testId="unit-invite" onClick={() => invite(u)}>
                        邀请联系人
                      </BigButton>
                    </View>
                  </View>
                </View>
              ))}
            </>
          )
        }}
      </StateView>
    </Page>
  )
}
