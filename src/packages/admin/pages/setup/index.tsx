import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { openDocument } from '../../../../api/documents'
import { chooseAndUploadWorkbook } from '../../../../api/upload'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import type { ImportPreview } from '../../../../domain/contract'
import { SHEETS } from '../../../../domain/setup'
import { useAction } from '../../../../hooks/useAction'

/** Where a problem is, as the admin finds it in Excel. */
function place(p: ImportPreview['problems'][number]): string {
  if (p.row === 0) return `「${p.sheet}」表`
  return `「${p.sheet}」表 第${p.row}行${p.column ? `「${p.column}」列` : ''}`
}

/**
 * 社区设置: the community's grids, buildings and people from the spreadsheet it already keeps.
 * Download the template (or the current set-up), fill it in, choose it: a preview shows what would
 * be added and changed and every problem; nothing is written until 确认导入, then all of it.
 */
export default function SetupPage() {
  const [busy, perform] = useAction()
  const [fileID, setFileID] = useState<string | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [applied, setApplied] = useState(false)

  async function download(which: 'setup.template' | 'setup.export') {
    const file = await perform(() => call(which, {}))
    if (file) await openDocument(file.url, file.fileName, 'xlsx')
  }

  async function choose() {
    const res = await perform(async () => {
      const id = await chooseAndUploadWorkbook()
      return id ? { id, preview: await call('setup.preview', { fileID: id }) } : null
    })
    if (!res) return
    setFileID(res.id)
    setPreview(res.preview)
    setApplied(false)
  }

  async function apply() {
    if (!fileID) return
    const res = await perform(() => call('setup.apply', { fileID }))
    if (!res) return
    setPreview(res)
    setApplied(true)
    await Taro.showToast({ title: `已导入${res.changes}项`, icon: 'success' })
  }

  return (
    <Page>
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

      <BigButton kind="default" onClick={() => Taro.navigateTo({ url: '/packages/admin/pages/roles/index' })}>
        人员与角色
      </BigButton>
      <BigButton
        kind="default"
        onClick={() => Taro.navigateTo({ url: '/packages/admin/pages/buildings/index' })}
      >
        楼栋二维码与海报
      </BigButton>
    </Page>
  )
}
