import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '../../../api/client'
import { BigButton } from '../../../components/BigButton'
import { TextField } from '../../../components/TextField'
import { WORK_PHONE_MAX_CHARS } from '../../../domain/contact'
import { useAction } from '../../../hooks/useAction'
import { useApi } from '../../../hooks/useApi'

/**
 * 公示电话 (issue 16): the number the residents of the buildings this worker serves see on their
 * home page, with a tap to call. Their own phone is never shown there unless they type it here.
 */
export function WorkPhoneCard() {
  const me = useApi(() => call('me.get', {}))
  const [editing, setEditing] = useState(false)
  const [value, setValue] = useState('')
  const [busy, perform] = useAction()
  if (!me.data) return null
  const current = me.data.workPhone

  async function save(workPhone: string | null) {
    const done = await perform(() => call('myGrid.setWorkPhone', { workPhone }))
    if (!done) return
    setEditing(false)
    me.reload()
    void Taro.showToast({ title: done.workPhone ? '已公示' : '已取消公示', icon: 'success' })
  }

  return (
    <View className="card" data-testid="work-phone">
      <Text className="card-title">公示电话</Text>
      <Text className="muted">
        居民首页“有话跟谁说、有事找谁办”显示这个号码，可一键拨打。不填则显示“暂未公示电话”。
      </Text>
      {editing ? (
        <>
          <TextField
            label="工作电话"
            title="工作电话（手机或带区号的座机）"
            value={value}
            placeholder="如 0916-3212111"
            maxlength={WORK_PHONE_MAX_CHARS}
            testId="work-phone-input"
            onInput={setValue}
          />
          <BigButton testId="work-phone-save" loading={busy} onClick={() => save(value.trim())}>
            保存并公示
          </BigButton>
          {current ? (
            <BigButton kind="default" loading={busy} onClick={() => save(null)}>
              不再公示电话
            </BigButton>
          ) : null}
        </>
      ) : (
        <View className="row">
          <Text className="contact-name">{current ?? '未公示'}</Text>
          <Text
            className="link"
            data-testid="work-phone-edit"
            onClick={() => {
              setValue(current ?? '')
              setEditing(true)
            }}
          >
            {current ? '修改' : '设置'} ›
          </Text>
        </View>
      )}
    </View>
  )
}
