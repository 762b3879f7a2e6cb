import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { openDocument } from '../../../../api/documents'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { StateView } from '../../../../components/StateView'
import type { ActionOutput } from '../../../../domain/contract'
import { formatLocal } from '../../../../domain/time'
import { useAction } from '../../../../hooks/useAction'
import { useApi } from '../../../../hooks/useApi'
import { confirmAction } from '../../../../hooks/confirm'
import { RetiredLine, RetireStep, type RetireMode } from '../../components/RetireStep'

type Row = ActionOutput<'building.list'>['buildings'][number]

/**
 * 楼栋二维码与海报 (grid staff, for the grids they serve): pick a grid, then per building look at
 * its code (made once and kept) or print its A4 poster, or print the whole grid's posters in one
 * PDF. The community admin may make a building's code anew; printed codes keep working, since the
 * code carries the same building code. The admin also 停用 / 恢复 a building and 更正编号 a mistyped
 * code (issue 18, part 3: RetireStep, in place under the card); a retired one is listed to them only.
 */
export default function BuildingsPage() {
  const [gridId, setGridId] = useState<string>()
  const list = useApi(() => call('building.list', { gridId }), [gridId])
  const [busy, perform] = useAction()
  const [step, setStep] = useState<{ code: string; mode: RetireMode } | null>(null)

  const showCode = async (b: Row, regenerate: boolean) => {
    const qr = await perform(() => call('building.qr', { code: b.code, regenerate }))
    if (!qr) return
    if (!b.qrAt || regenerate) list.reload()
    await Taro.previewImage({ urls: [qr.url], current: qr.url })
  }
  const onCode = async (b: Row, canRegenerate: boolean) => {
    if (!canRegenerate || !b.qrAt) return showCode(b, false)
    const pick = await Taro.showActionSheet({ itemList: ['查看二维码', '重新生成二维码'] }).catch(() => null)
    if (pick?.tapIndex === 0) await showCode(b, false)
    if (pick?.tapIndex === 1) {
      const ok = await confirmAction({
        title: '重新生成二维码？',
        content: `为${b.name}重新生成二维码？已张贴的二维码仍然可以使用。`,
        confirm: '重新生成',
        keep: '暂不生成',
        destructive: false,
      })
      if (ok) await showCode(b, true)
    }
  }
  const poster = async (b: Row) => {
    const p = await perform(() => call('building.poster', { code: b.code }))
    if (!p) return
    if (!b.qrAt) list.reload()
    await openDocument(p, `${b.name}二维码海报.pdf`, 'pdf')
  }
  const gridPoster = async (id: string, label: string) => {
    const p = await perform(() => call('grid.posters', { gridId: id }))
    if (!p) return
    list.reload()
    await openDocument(p, `${label}楼栋海报.pdf`, 'pdf')
  }

  return (
    <Page>
      <StateView {...list} onRetry={list.reload}>
        {(d) => {
          const chosen = d.grids.find((g) => g.id === gridId)
          return (
            <>
              <Text className="section-title">选择网格</Text>
              <View className="chips" data-testid="grid-chips">
                <View
                  className={`chip ${gridId === undefined ? 'chip-on' : ''}`}
                  onClick={() => setGridId(undefined)}
                >
                  全部楼栋
                </View>
                {d.grids.map((g) => (
                  <View
                    key={g.id}
                    className={`chip ${g.id === gridId ? 'chip-on' : ''}`}
                    onClick={() => setGridId(g.id)}
                    data-testid={`grid-${g.id}`}
                  >
                    {`${g.label}（${g.buildings}栋）`}
                  </View>
                ))}
              </View>
              <View style={{ height: '24px' }} />
              {chosen && chosen.buildings > 0 ? (
                <BigButton
                  loading={busy}
                  testId="grid-posters"
                  onClick={() => gridPoster(chosen.id, chosen.label)}
                >
                  {`整个网格海报（${chosen.buildings}页，可直接打印）`}
                </BigButton>
              ) : null}
              {d.buildings.length === 0 ? <Text className="state-text">这里还没有楼栋</Text> : null}
              {d.buildings.map((b) => (
                <View className="card" key={b.code} data-testid="building-card">
                  <View className="row">
                    <Text className="card-title">{b.name}</Text>
                    <Text className="muted">编码 {b.code}</Text>
                  </View>
                  <Text className="list-item-desc" style={{ display: 'block' }}>
                    {b.address}
                  </Text>
                  <Text className="muted" style={{ display: 'block' }}>
                    {b.gridName}
                  </Text>
                  {b.formerCodes.length ? (
                    <Text className="muted" style={{ display: 'block' }}>
                      原编码 {b.formerCodes.join('、')}（旧二维码仍可扫码）
                    </Text>
                  ) : null}
                  <RetiredLine retired={b.retired} />
                  <Text className="muted" style={{ display: 'block', marginBottom: '16px' }}>
                    {b.qrAt ? `二维码已生成（${formatLocal(b.qrAt, 'YYYY-MM-DD')}）` : '二维码尚未生成'}
                  </Text>
                  {b.retired ? null : (
                    <View className="row">
                      <View style={{ flex: 1 }}>
                        <BigButton kind="default" loading={busy} onClick={() => onCode(b, d.canRegenerate)}>
                          二维码
                        </BigButton>
                      </View>
                      <View style={{ flex: 1 }}>
                        <BigButton loading={busy} onClick={() => poster(b)} testId="building-poster">
                          海报
                        </BigButton>
                      </View>
                    </View>
                  )}
                  {d.canRegenerate ? (
                    <View className="row">
                      {b.retired ? (
                        <View style={{ flex: 1 }}>
                          <BigButton
                            kind="default"
                            onClick={() => setStep({ code: b.code, mode: 'restore' })}
                            testId="building-restore"
                          >
                            恢复
                          </BigButton>
                        </View>
                      ) : (
                        <>
                          <View style={{ flex: 1 }}>
                            <BigButton
                              kind="default"
                              onClick={() => setStep({ code: b.code, mode: 'correct' })}
                              testId="building-correct"
                            >
                              更正编号
                            </BigButton>
                          </View>
                          <View style={{ flex: 1 }}>
                            <BigButton
                              kind="default"
                              onClick={() => setStep({ code: b.code, mode: 'retire' })}
                              testId="building-retire"
                            >
                              停用
                            </BigButton>
                          </View>
                        </>
                      )}
                    </View>
                  ) : null}
                  {step?.code === b.code ? (
                    <RetireStep
                      subject={{
                        kind: 'building',
                        id: b.code,
                        name: b.name,
                        code: b.code,
                        retired: b.retired,
                      }}
                      mode={step.mode}
                      onClose={() => setStep(null)}
                      onChanged={list.reload}
                    />
                  ) : null}
                </View>
              ))}
            </>
          )
        }}
      </StateView>
    </Page>
  )
}
