import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ApiCallError, call, errorMessage } from '../../../../api/client'
import { BigButton } from '../../../../components/BigButton'
import { Chips } from '../../../../components/Chips'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import { TextField } from '../../../../components/TextField'
import type { SlaTier } from '../../../../domain/categories'
import {
  builtInSetting,
  CATEGORY_NAME_MAX_CHARS,
  type CategoryOverride,
} from '../../../../domain/category-settings'
import type { CategorySettingsView } from '../../../../domain/contract'
import { useApi } from '../../../../hooks/useApi'
import { SettingsEvents } from '../../components/SettingsEvents'

type Setting = CategorySettingsView['categories'][number]

const NO_UNIT = 'none'

/** One category's settings as a form: name, 时限, 仅社区可见, 默认责任单位, 启用 / 停用. */
function CategoryForm(props: {
  setting: Setting
  view: CategorySettingsView
  onSaved: (v: CategorySettingsView) => void
  onCancel: () => void
}) {
  const s = props.setting
  const [d, setD] = useState<CategoryOverride>({
    name: s.name,
    tier: s.tier,
    sensitive: s.sensitive,
    defaultUnitId: s.defaultUnitId,
    disabled: s.disabled,
  })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const set = (patch: Partial<CategoryOverride>) => {
    setD({ ...d, ...patch })
    setErrors({})
  }

  async function save(next: CategoryOverride) {
    setSaving(true)
    try {
      const view = await call('settings.setCategory', { code: s.code, ...next })
      props.onSaved(view)
      await Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (err) {
      // Bad input stays on the form, under the field it is about.
      setErrors(err instanceof ApiCallError && err.fields ? err.fields : { _: errorMessage(err) })
    } finally {
      setSaving(false)
    }
  }

  const yesNo = [
    { value: 'no', label: '否' },
    { value: 'yes', label: '是，仅社区工作人员可见' },
  ] as const
  return (
    <View className="card" data-testid="category-form">
      <Text className="card-title">修改：{s.builtInName}</Text>
      <TextField
        label="名称（居民看到的）"
        value={d.name}
        maxlength={CATEGORY_NAME_MAX_CHARS}
        count={`${d.name.trim().length}/${CATEGORY_NAME_MAX_CHARS}`}
        onInput={(name) => set({ name })}
        testId="category-name"
      />
      <Text className="section-title">办理时限</Text>
      <Chips<SlaTier>
        options={props.view.tiers.map((t) => ({ value: t.code, label: `${t.name}：${t.clocks}` }))}
        value={d.tier}
        onChange={(tier) => set({ tier })}
        testId="category-tiers"
        chipTestId="tier-"
      />
      <Text className="muted" style={{ display: 'block' }}>
        只对今后提交的诉求生效；已提交的诉求仍按提交时的时限办理。
      </Text>
      <Text className="section-title">仅社区可见（直接交社区办理）</Text>
      <Chips
        options={yesNo}
        value={d.sensitive ? 'yes' : 'no'}
        onChange={(v) => set({ sensitive: v === 'yes' })}
        testId="category-sensitive"
        chipTestId="sensitive-"
      />
      <Text className="section-title">默认责任单位（吹哨时排在最前）</Text>
      <Chips
        options={[
          { value: NO_UNIT, label: '不指定' },
          ...props.view.units.map((u) => ({ value: u.id, label: u.name })),
        ]}
        value={d.defaultUnitId ?? NO_UNIT}
        onChange={(v) => set({ defaultUnitId: v === NO_UNIT ? null : v })}
        testId="category-units"
        chipTestId="unit-"
      />
      <Text className="section-title">居民能否选择</Text>
      <Chips
        options={[
          { value: 'on', label: '启用' },
          { value: 'off', label: '停用（已提交的照常办理）' },
        ]}
        value={d.disabled ? 'off' : 'on'}
        onChange={(v) => set({ disabled: v === 'off' })}
        testId="category-state"
        chipTestId="state-"
      />
      {/* Beside the button just tapped: the form is longer than a screen. */}
      {Object.values(errors).map((message) => (
        <Text key={message} className="field-error" style={{ display: 'block' }} data-testid="category-error">
          {message}
        </Text>
      ))}
      <View className="page-actions">
        <BigButton testId="category-save" loading={saving} onClick={() => void save(d)}>
          保存
        </BigButton>
        {s.customised ? (
          <BigButton kind="default" loading={saving} onClick={() => void save(builtInSetting(s.code))}>
            恢复默认（{s.builtInName}）
          </BigButton>
        ) : null}
        <BigButton kind="default" onClick={props.onCancel}>
          取消
        </BigButton>
      </View>
    </View>
  )
}

/**
 * 分类设置 (issue 18, part 4): the community's request categories — the name residents choose, the
 * clocks (SLA tier), whether only the community sees it, the unit 吹哨 suggests first, and whether
 * it is offered at all — over the built-in table. Each change is in 最近变动; a request keeps the
 * settings it was filed under.
 */
export default function CategoriesPage() {
  const view = useApi(() => call('settings.categories', {}))
  const [editing, setEditing] = useState<string | null>(null)

  return (
    <Page>
      <StateView {...view} onRetry={view.reload}>
        {(v) => (
          <>
            <Text className="muted" style={{ display: 'block' }}>
              居民在“我要反映”里按这里的名称选择。改动只对今后提交的诉求生效。
            </Text>
            {v.categories.map((c) =>
              editing === c.code ? (
                <CategoryForm
                  key={c.code}
                  setting={c}
                  view={v}
                  onSaved={(next) => {
                    view.setData(next)
                    setEditing(null)
                  }}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <View className="card" key={c.code} data-testid={`category-${c.code}`}>
                  <View className="row">
                    <Text className="card-title">{c.name}</Text>
                    <Text className="link" onClick={() => setEditing(c.code)} data-testid={`edit-${c.code}`}>
                      修改 ›
                    </Text>
                  </View>
                  {c.name !== c.builtInName ? <Text className="muted">原名：{c.builtInName}</Text> : null}
                  <Text className="list-item-desc" style={{ display: 'block' }}>
                    时限：{c.tierName}
                  </Text>
                  <Text className="muted" style={{ display: 'block' }}>
                    {c.clocks}
                  </Text>
                  {c.defaultUnitName ? (
                    <Text className="list-item-desc" style={{ display: 'block' }}>
                      默认责任单位：{c.defaultUnitName}
                    </Text>
                  ) : null}
                  {c.sensitive || c.disabled ? (
                    <View className="tag-line">
                      {c.sensitive ? <Text className="tag tag-sensitive">仅社区可见</Text> : null}
                      {c.disabled ? <Text className="tag tag-cancelled">已停用</Text> : null}
                    </View>
                  ) : null}
                </View>
              ),
            )}
            <SettingsEvents events={v.events} testId="category-event" />
          </>
        )}
      </StateView>
    </Page>
  )
}
