import { Button, Text, View } from '@tarojs/components'
import { call } from '../api/client'
import { isPrivacyRefusal, privacyRefused } from '../api/wechat-privacy'
import { MOBILE_DIGITS } from '../domain/contact'
import type { MeView } from '../domain/contract'
import { maskPhone } from '../domain/privacy'
import { TextField } from './TextField'

export interface Contact {
  name: string
  phone: string
  /** weapp: the one-time code from WeChat's phone-number button, resolved by the server. */
  phoneCode?: string
  noPhone: boolean
}

/**
 * 怎么联系您: asked once, on the first request (the grid member must be able to call back),
 * prefilled after and changed only if the person taps 修改. On weapp WeChat's own phone-number
 * button fills it in one tap (the number is read on the server from the button's code); typing
 * it, or 不留电话, is always possible.
 */
export function ContactFields({
  me,
  value,
  onChange,
  errors,
}: {
  me: MeView
  value: Contact | null
  onChange: (c: Contact | null) => void
  errors: Record<string, string>
}) {
  if (!value) {
    return (
      <View className="card row" data-testid="contact-summary">
        <Text className="list-item-desc">
          联系方式：{me.contact.name} ·{' '}
          {me.contact.noPhone ? '不留电话' : (maskPhone(me.contact.phone ?? '') ?? '未留')}
        </Text>
        <Text className="link" onClick={() => onChange(contactOf(me))}>
          修改
        </Text>
      </View>
    )
  }
  const set = (patch: Partial<Contact>) => onChange({ ...value, ...patch })
  return (
    <View data-testid="contact-fields">
      <TextField
        label="怎么称呼您"
        value={value.name}
        placeholder="如：王阿姨"
        onInput={(name) => set({ name })}
        error={errors.name}
        testId="contact-name"
      />
      {value.noPhone ? (
        <Text className="muted" style={{ display: 'block' }}>
          不留电话：网格员会上门或通过楼栋长联系您。
        </Text>
      ) : (
        <>
          {process.env.TARO_ENV === 'weapp' && !value.phoneCode ? (
            <Button
              className="big-button"
              openType="getPhoneNumber"
              onGetPhoneNumber={(e) => {
                const code = (e.detail as { code?: string }).code
                if (code) set({ phoneCode: code, phone: '' })
                // Refused WeChat's privacy authorisation: say so (typing the number still works).
                else if (isPrivacyRefusal(e.detail)) void privacyRefused('getPhoneNumber')
              }}
            >
              使用微信绑定的手机号
            </Button>
          ) : null}
          {value.phoneCode ? (
            <Text className="muted" style={{ display: 'block' }}>
              将使用您微信绑定的手机号
            </Text>
          ) : (
            <TextField
              label="联系电话（网格员回电用，只给负责您的网格员看）"
              value={value.phone}
              type="number"
              placeholder={`${MOBILE_DIGITS}位手机号`}
              onInput={(phone) => set({ phone })}
              error={errors.phone}
              testId="contact-phone"
            />
          )}
        </>
      )}
      <View
        className={`chip ${value.noPhone ? 'chip-on' : ''}`}
        onClick={() => set({ noPhone: !value.noPhone, phoneCode: undefined })}
        data-testid="contact-no-phone"
      >
        不留电话
      </View>
    </View>
  )
}

/** What is on file, to start the fields from; null when it was given before (shown, not asked). */
export function contactOf(me: MeView): Contact {
  return { name: me.contact.name, phone: me.contact.phone ?? '', noPhone: me.contact.noPhone }
}

/** Saves the contact if the form asked for it; the answer's fields go where the inputs are. */
export async function saveContact(c: Contact | null): Promise<void> {
  if (!c) return
  await call('me.contact', {
    name: c.name.trim(),
    noPhone: c.noPhone,
    ...(c.noPhone ? {} : c.phoneCode ? { phoneCode: c.phoneCode } : { phone: c.phone.trim() }),
  })
}
