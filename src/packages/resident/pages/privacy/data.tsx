import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { copyText } from '../../../../api/wechat-privacy'
import { BigButton } from '../../../../components/BigButton'
import { Page } from '../../../../components/Page'
import { TextField } from '../../../../components/TextField'
import type { ActionOutput } from '../../../../domain/contract'
import { DELETE_CONFIRMATION } from '../../../../domain/privacy'
import { useAction } from '../../../../hooks/useAction'
import { confirmAction } from '../../../../hooks/confirm'

const KINDS: Record<string, string> = {
  requests: '诉求',
  wishes: '许下的心愿',
  wishesClaimed: '认领的心愿',
  signups: '活动报名',
  children: '登记的孩子',
  points: '积分记录',
  certificates: '时长证明',
  messages: '消息',
  accessLog: '号码被查看记录',
}

/** 导出我的数据 and 注销账号: everything we keep about me, and erasing it. */
export default function MyDataPage() {
  const [busy, perform] = useAction()
  const [exported, setExported] = useState<ActionOutput<'me.export'>>()
  const [confirm, setConfirm] = useState('')
  const json = exported ? JSON.stringify(exported.data, null, 2) : ''

  const remove = async () => {
    const sure = await confirmAction({
      title: '注销账号？',
      content:
        '姓名、电话、门牌号、照片、志愿者登记、孩子信息和消息将被删除且无法恢复；诉求和心愿只以“已注销居民”保留在台账中。',
      confirm: '注销账号',
      keep: '不注销了',
    })
    if (!sure) return
    const done = await perform(() =>
      call('me.delete', { confirm: confirm.trim() as typeof DELETE_CONFIRMATION }),
    )
    if (done?.deleted) {
      await Taro.showModal({ title: '账号已注销', content: '感谢您的使用。', showCancel: false })
      Taro.reLaunch({ url: '/pages/index/index' })
    }
  }

  return (
    <Page>
      <View className="card">
        <Text className="card-title">导出我的数据</Text>
        <Text className="muted">我们保存的关于您的全部信息；其他人的姓名和电话只显示部分。</Text>
      </View>
      <BigButton
        testId="export"
        loading={busy}
        onClick={() => perform(() => call('me.export', {})).then((x) => x && setExported(x))}
      >
        导出我的数据
      </BigButton>
      {exported ? (
        <View className="card" data-testid="export-result">
          {Object.entries(KINDS).map(([k, name]) => (
            <Text key={k} style={{ display: 'block' }}>
              {name}：{exported.counts[k] ?? 0} 条
            </Text>
          ))}
          <BigButton kind="default" onClick={() => copyText(json)}>
            复制全部数据
          </BigButton>
          <Textarea
            className="input"
            ariaLabel="我的全部数据（JSON）"
            nativeProps={{ 'aria-label': '我的全部数据（JSON）' }}
            value={json}
            maxlength={-1}
            style={{ height: '400rpx', width: '100%' }}
          />
        </View>
      ) : null}
      <View className="card">
        <Text className="card-title">注销账号</Text>
        <Text className="muted">
          注销后您将像新用户一样，需重新扫码绑定楼栋。网格工作人员请先联系社区解除职务。
        </Text>
        <TextField
          label={`请输入“${DELETE_CONFIRMATION}”两个字确认`}
          value={confirm}
          onInput={setConfirm}
          testId="delete-confirm"
        />
      </View>
      <BigButton
        testId="delete"
        loading={busy}
        disabled={confirm.trim() !== DELETE_CONFIRMATION}
        onClick={remove}
      >
        注销账号
      </BigButton>
    </Page>
  )
}
