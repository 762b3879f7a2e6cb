import Taro from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
// NutUI's design tokens (CSS variables on :root/page); each component's own CSS is imported
// where the component is used (see NutUI's on-demand guide for Taro).
import '@nutui/nutui-react-taro/dist/styles/themes/default.css'
import './app.scss'
// Our shared classes, global (app.wxss) so that no chunk orders them against NutUI's CSS.
import './components/ui.scss'

if (process.env.TARO_ENV === 'weapp') {
  // CLOUD_ENV_ID is set at build time for a specific CloudBase environment; empty means the
  // environment chosen in WeChat DevTools (the default one of the mini-program).
  Taro.cloud.init({ env: process.env.CLOUD_ENV_ID || undefined, traceUser: true })
}

function App({ children }: PropsWithChildren) {
  return children
}

export default App
