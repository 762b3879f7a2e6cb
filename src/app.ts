import Taro from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
// NutUI's design tokens (CSS variables on :root/page); each component's own CSS is imported
// where the component is used (see NutUI's on-demand guide for Taro).
import '@nutui/nutui-react-taro/dist/styles/themes/default.css'
import './app.scss'
// Our shared classes, global (app.wxss) so that no chunk orders them against NutUI's CSS.
import './components/ui.scss'
import { installWeChatPrivacy } from './api/wechat-privacy'
import { pageNotFoundUrl } from './domain/links'
import { focusablePageScrollers, wholeFieldTakesTheTap } from './h5/a11y'

if (process.env.TARO_ENV === 'weapp') {
  // CLOUD_ENV_ID is the CloudBase environment the build was configured for (TARO_APP_CLOUD_ENV or
  // ENV_ID, config/cloud-env.ts); empty means the one chosen in WeChat DevTools.
  Taro.cloud.init({ env: process.env.CLOUD_ENV_ID || undefined, traceUser: true })
  // WeChat's privacy authorisation is answered by the app's own prompt (api/wechat-privacy.ts).
  installWeChatPrivacy()
}

if (process.env.TARO_ENV === 'h5') {
  focusablePageScrollers()
  wholeFieldTakesTheTap()
}

// An address that is no page of ours: a page's address from before it moved to a subpackage (an
// old notice, card or code) opens it where it is now; anything else (a typo) says so. On weapp and
// H5 alike.
Taro.onPageNotFound(({ path, query }) => {
  void Taro.redirectTo({ url: pageNotFoundUrl(path, query) })
})

function App({ children }: PropsWithChildren) {
  return children
}

export default App
