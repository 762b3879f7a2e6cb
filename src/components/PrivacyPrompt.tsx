import { Button } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { call } from '../api/client'
import { answerWeChatPrivacy } from '../api/wechat-privacy'
import { PRIVACY_VERSION } from '../domain/privacy'
import { BigButton } from './BigButton'
import { PrivacyDialog } from './PrivacyDialog'

/**
 * 隐私保护指引: shown before a form first collects personal data (binding a building, registering
 * as a volunteer or a child) until the user agrees to this version; the consent is recorded on the
 * server (me.consent). In WeChat the agree button also answers the platform's privacy
 * authorization (open-type="agreePrivacyAuthorization"), which wx.onNeedPrivacyAuthorization waits for.
 */
const AGREE_ID = 'privacy-prompt-agree'

export function PrivacyPrompt({ purpose }: { purpose: string }) {
  const [open, setOpen] = useState(false)

  useEffect(() => {
    call('me.get', {})
      .then((me) => setOpen(me.privacyConsent !== PRIVACY_VERSION))
      .catch(() => setOpen(true))
  }, [])

  if (!open) return null
  const agree = () =>
    call('me.consent', { version: PRIVACY_VERSION })
      .then(() => setOpen(false))
      .catch(() => Taro.showToast({ title: '网络不好，请再试一次', icon: 'none' }))
  // Opened from a QR code, this page is the only one: there is nothing to go back to, so 不同意
  // goes home (navigateBack would do nothing at all on H5, and fail on weapp).
  const refuse = () =>
    Taro.getCurrentPages().length > 1
      ? Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/index/index' }))
      : Taro.switchTab({ url: '/pages/index/index' })

  return (
    <PrivacyDialog
      testId="privacy-prompt"
      text={`${purpose}需要收集您的个人信息。我们只在为您办事时使用，姓名和电话默认只显示部分。`}
    >
      {process.env.TARO_ENV === 'weapp' ? (
        <Button
          id={AGREE_ID}
          className="big-button privacy-agree"
          type="primary"
          openType="agreePrivacyAuthorization"
          onClick={agree}
          // WeChat has now recorded the agreement too: any call it was holding may go on.
          onAgreePrivacyAuthorization={() => answerWeChatPrivacy(true, AGREE_ID)}
          data-testid="privacy-agree"
        >
          同意并继续
        </Button>
      ) : (
        <BigButton testId="privacy-agree" onClick={agree}>
          同意并继续
        </BigButton>
      )}
      <BigButton kind="default" onClick={refuse}>
        不同意
      </BigButton>
    </PrivacyDialog>
  )
}
