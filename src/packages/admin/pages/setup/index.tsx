import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call, newRequestId } from '../../../../api/client'
import { openDocument } from '../../../../api/documents'
import { chooseAndUploadWorkbook } from '../../../../api/upload'
import { BigButton } from '../../../../components/BigButton'
import { WorkingCommunity } from '../../../../components/CommunitySwitcher'
import { Page } from '../../../../components/Page'
import { TextField } from '../../../../components/TextField'
import { MOBILE_DIGITS } from '../../../../domain/contact'
import type { ImportPreview } from '../../../../domain/contract'
import { SHEETS } from '../../../../domain/setup'
import { formatLocal } from '../../../../domain/time'
import { confirmAction } from '../../../../hooks/confirm'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { RetirePanel } from '../../components/RetirePanel'

/** Where a problem is, as the admin finds it in Excel. */
function place(p: ImportPreview['problems'][number]): string {
  if (!p.sheet) return '整个文件'
  if (p.row === 0) return `「${p.sheet}」表`
  return `「${p.sheet}」表 第${p.row}行${p.column ? `「${p.column}」列` : ''}`
}

type RowKind = 'grid' | 'building' | 'person'
/** A field chosen from the community's grids (by level) instead of typing an internal code. */
type GridPick = { levels: number[] }
const ROW_FIELDS: Record<RowKind, { key: string; label: string; placeholder: string; pick?: GridPick }[]> = {
  grid: [
    { key: 'code', label: '网格编码', placeholder: '字母、数字、- 或 _，如 G4-1' },
    { key: 'name', label: '网格名称', placeholder: '如 1号微网格' },
    { key: 'level', label: '层级（2 网格，3 微网格）', placeholder: '2 或 3' },
    { key: 'parent', label: '上级网格', placeholder: '', pick: { levels: [1, 2] } },
  ],
  building: [
    { key: 'code', label: '楼栋编码（印在二维码里）', placeholder: '如 B13' },
    { key: 'name', label: '楼栋名称', placeholder: '如 13号楼' },
    { key: 'address', label: '地址', placeholder: '选填' },
    { key: 'gridCode', label: '所属微网格', placeholder: '', pick: { levels: [3] } },
  ],
  person: [
    { key: 'name', label: '姓名', placeholder: '' },
    { key: 'phone', label: '手机号', placeholder: `${MOBILE_DIGITS}位手机号` },
    { key: 'role', label: '角色', placeholder: '网格长、网格员或楼栋长' },
    {
      key: 'gridCode',
      label: '网格（网格长选网格，网格员选微网格）',
      placeholder: '',
      pick: { levels: [2, 3] },
    },
    { key: 'buildingCode', label: '楼栋编码（楼栋长）', placeholder: '' },
  ],
}

/** The community's grids as chips: a person picks 第一网格 · 1号微网格, not "g-1-1-1". */
function GridChips({
  grids,
  levels,
  value,
  onPick,
  testId,
}: {
  grids: { id: string; level: number; label: string; name: string }[]
  levels: number[]
  value: string
  onPick: (id: string) => void
  testId: string
}) {
  return (
    <View className="chips" data-testid={testId}>
      {grids
        .filter((g) => levels.includes(g.level))
        .map((g) => (
          <View key={g.id} className={`chip ${value === g.id ? 'chip-on' : ''}`} onClick={() => onPick(g.id)}>
            {g.label || g.name}
          </View>
        ))}
    </View>
  )
}

/** 逐条添加或修改: one grid, building or person, checked by the import's own rules. */
function RowForm({ imports }: { imports: number }) {
  const [kind, setKind] = useState<RowKind>('building')
  const [values, setValues] = useState<Record<string, string>>({})
  const [busy, perform] = useAction()
  // The grids to pick from; reloaded after a save (a new grid is pickable at once).
  const grids = useApi(() => call('building.list', {}), [imports])
  const v = (k: string) => values[k] ?? ''

  async function save() {
    const res = await perform(() => {
      if (kind === 'grid')
        return call('setup.saveGrid', {
          code: v('code'),
          name: v('name'),
          level: Number(v('level')),
          parent: v('parent'),
        })
      if (kind === 'building')
        return call('setup.saveBuilding', {
          code: v('code'),
          name: v('name'),
          address: v('address'),
          gridCode: v('gridCode'),
        })
      return call('setup.savePerson', {
        name: v('name'),
        phone: v('phone'),
        role: v('role'),
        gridCode: v('gridCode'),
        buildingCode: v('buildingCode'),
      })
    })
    if (!res) return
    setValues({})
    grids.reload()
    await Taro.showToast({
      title: res.added ? '已添加' : res.updated ? '已修改' : '没有变化',
      icon: 'success',
    })
  }

  return (
    <View className="card" data-testid="setup-row">
      <Text className="card-title">逐条添加或修改</Text>
      <View className="chips">
        {(['grid', 'building', 'person'] as const).map((k) => (
          <View
            key={k}
            className={`chip ${kind === k ? 'chip-on' : ''}`}
            onClick={() => {
              setKind(k)
              setValues({})
            }}
          >
            {k === 'grid' ? '网格' : k === 'building' ? '楼栋' : '人员'}
          </View>
        ))}
      </View>
      {ROW_FIELDS[kind].map((f) =>
        f.pick && grids.data ? (
          <View key={`${kind}-${f.key}`}>
            <Text className="section-title">{f.label}</Text>
            <GridChips
              grids={grids.data.grids}
              levels={f.pick.levels}
              value={v(f.key)}
              onPick={(id) => setValues((old) => ({ ...old, [f.key]: id }))}
              testId={`row-${f.key}`}
            />
          </View>
        ) : (
          <TextField
            key={`${kind}-${f.key}`}
            label={f.label}
            value={v(f.key)}
            placeholder={f.placeholder}
            onInput={(x) => setValues((old) => ({ ...old, [f.key]: x }))}
            testId={`row-${f.key}`}
          />
        ),
      )}
      <Text className="muted">编码已存在时修改名称等信息，不存在时添加。</Text>
      <BigButton kind="default" loading={busy} onClick={save} testId="row-save">
        保存
      </BigButton>
    </View>
  )
}

/**
 * 社区设置: the community's grids, buildings and people from the spreadsheet it already keeps.
 * Download the template (or the current set-up), fill it in, choose it: a preview shows what would
 * be added and changed and every problem; nothing is written until 确认导入, then all of it.
 */
export default function SetupPage() {
  const [busy, perform] = useAction()
  const [fileID, setFileID] = useState<string | null>(null)
  /**
   * The import's name, one per chosen file: a second 确认导入 after a failure (a timeout, a lost
   * answer) sends the same one and takes the import up where it stopped.
   */
  const [requestId, setRequestId] = useState('')
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [applied, setApplied] = useState(false)
  /** Imports applied on this screen: the row form's grids are read again after each. */
  const [imports, setImports] = useState(0)

  async function download(which: 'setup.template' | 'setup.export') {
    const file = await perform(() => call(which, {}))
    if (file) await openDocument(file, file.fileName, 'xlsx')
  }

  async function choose() {
    const res = await perform(async () => {
      const id = await chooseAndUploadWorkbook()
      return id ? { id, preview: await call('setup.preview', { fileID: id }) } : null
    })
    if (!res) return
    setFileID(res.id)
    setRequestId(newRequestId())
    setPreview(res.preview)
    setApplied(false)
  }

  const last = useApi(() => call('setup.lastImport', {}), [imports])

  async function undo() {
    const sure = await confirmAction({
      title: '撤销这次导入？',
      content:
        '这次导入新增的网格、楼栋和人员会删除，修改过的恢复原样。已有居民绑定或已有人接受邀请时不能撤销。',
      confirm: '撤销导入',
      keep: '暂不撤销',
    })
    if (!sure) return
    const res = await perform(() => call('setup.undo', {}))
    if (!res) return
    setPreview(null)
    setApplied(false)
    setImports((n) => n + 1)
    // The count matters and may run to four digits: no icon, so the whole title shows.
    await Taro.showToast({ title: `已撤销${res.undone}项`, icon: 'none' })
  }

  async function apply() {
    if (!fileID) return
    const res = await perform(() => call('setup.apply', { fileID, requestId }))
    if (!res) return
    setPreview(res)
    setApplied(true)
    setImports((n) => n + 1)
    await Taro.showToast({ title: `已导入${res.changes}项`, icon: 'none' })
  }

  return (
    <Page>
      <WorkingCommunity reopen="/packages/admin/pages/setup/index" />
      <View className="card">
        <Text className="card-title">用 Excel 设置社区</Text>
        <Text className="list-item-desc">
          网格、楼栋、网格人员各占一张表。先下载模板填写，或导出现有设置修改后再导入。导入前会先预览，确认后一次写入。
        </Text>
      </View>
      <BigButton
        kind="default"
        testId="setup-template"
        loading={busy}
        onClick={() => download('setup.template')}
      >
        下载导入模板
      </BigButton>
      <BigButton kind="default" testId="setup-export" loading={busy} onClick={() => download('setup.export')}>
        导出当前设置
      </BigButton>
      <BigButton testId="setup-choose" loading={busy} onClick={choose}>
        选择 Excel 文件导入
      </BigButton>

      {preview ? (
        <View className="card" data-testid="setup-preview">
          <Text className="card-title">{applied ? '导入完成' : '导入预览'}</Text>
          {preview.counts.map((c) => (
            <Text key={c.kind} className="list-item-desc" style={{ display: 'block' }}>
              {SHEETS[c.kind].name}：新增 {c.add} · 更新 {c.update} · 不变 {c.unchanged}
            </Text>
          ))}
          {preview.problems.length ? (
            <View data-testid="setup-problems">
              <Text className="field-error">
                发现 {preview.problems.length} 处问题，请在 Excel 中修改后重新选择文件：
              </Text>
              {preview.problems.map((p, i) => (
                <Text key={i} className="list-item-desc" style={{ display: 'block' }}>
                  {place(p)}：{p.message}
                </Text>
              ))}
            </View>
          ) : applied ? (
            <Text className="muted">已写入 {preview.changes} 项。新人员还需要在「人员与角色」中邀请。</Text>
          ) : preview.changes === 0 ? (
            <Text className="muted">文件与现有设置一致，无需导入。</Text>
          ) : (
            <Text className="muted">没有发现问题。导入不会删除文件中没有的内容。</Text>
          )}
        </View>
      ) : null}
      {preview && preview.ready && preview.changes > 0 && !applied ? (
        <BigButton testId="setup-apply" loading={busy} onClick={apply}>
          确认导入（{preview.changes} 项）
        </BigButton>
      ) : null}

      {last.data?.last ? (
        <View className="card" data-testid="last-import">
          <Text className="list-item-desc" style={{ display: 'block' }}>
            上次导入：{formatLocal(last.data.last.at, 'MM-DD HH:mm')} · {last.data.last.byName} ·{' '}
            {last.data.last.changes} 项
          </Text>
          <BigButton kind="default" loading={busy} onClick={undo} testId="undo-import">
            撤销这次导入
          </BigButton>
        </View>
      ) : null}

      <RowForm imports={imports} />
      <RetirePanel />

      <BigButton to="/packages/admin/pages/roles/index">人员与角色</BigButton>
      <BigButton to="/packages/admin/pages/units/index" testId="setup-units">
        责任单位（物业 · 供电 · 驻区单位）
      </BigButton>
      <BigButton to="/packages/admin/pages/calendar/index" testId="setup-calendar">
        节假日调整
      </BigButton>
      <BigButton to="/packages/admin/pages/categories/index" testId="setup-categories">
        分类设置（名称 · 办理时限）
      </BigButton>
      <BigButton to="/packages/admin/pages/apikeys/index" testId="setup-apikeys">
        开放接口（Open311 密钥）
      </BigButton>
      <BigButton to="/packages/admin/pages/buildings/index">楼栋二维码与海报</BigButton>
    </Page>
  )
}
