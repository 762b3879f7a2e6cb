import { Button } from '@tarojs/components'
import { useSyncExternalStore } from 'react'
import { call } from '../api/client'
import {
  answerWeChatPrivacy,
  currentPrivacyAsk,
  onPrivacyAskChange,
  PRIVACY_AGREE_BUTTON_ID,
} from '../api/wechat-privacy'
import { PRIVACY_VERSION } from '../domain/privacy'
import { BigButton } from './BigButton'
import { PrivacyDialog } from './PrivacyDialog'

/**
 * weapp: the app's answer to WeChat's privacy authorisation (api/wechat-privacy.ts), on whatever
 * page the person is. Agreeing also records the consent to the app's 隐私政策 (me.consent), so
 * the app's own prompt does not ask again; refusing lets the held call fail, told in Chinese.
 */
export function WeChatPrivacyDialog() {
  const ask = useSyncExternalStore(onPrivacyAskChange, currentPrivacyAsk)
  if (!ask) return null
  const agree = () => {
    answerWeChatPrivacy(true)
    call('me.consent', { version: PRIVACY_VERSION }).catch(() => undefined)
  }
  return (
    <PrivacyDialog
      testId="wechat-privacy"
      text={`${ask.use}前，请先阅读并同意《暖心网格隐私政策》。我们只在为您办事时使用您的信息。`}
    >
      <Button
        id={PRIVACY_AGREE_BUTTON_ID}
        className="big-button privacy-agree"
        type="primary"
        openType="agreePrivacyAuthorization"
        onAgreePrivacyAuthorization={agree}
      >
        同意并继续
      </Button>
      <BigButton kind="default" onClick={() => answerWeChatPrivacy(false)}>
        不同意
      </BigButton>
    </PrivacyDialog>
  )
}
