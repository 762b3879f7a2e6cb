/**
 * WeChat's 用户隐私保护指引: the kinds of personal information a mini-program declares in
 * 小程序管理后台 → 设置 → 服务内容声明 → 用户隐私保护指引, and the APIs and components WeChat
 * blocks ("api scope is not declared in the privacy agreement") unless the kind is declared.
 *
 * From WeChat's table 隐私接口与对应的处理的信息
 * (https://developers.weixin.qq.com/miniprogram/dev/framework/user-privacy/miniprogram-intro.html)
 * with the keys and console names of setPrivacySetting's privacy_key list
 * (https://developers.weixin.qq.com/doc/oplatform/openApi/OpenApiDoc/miniprogram-management/privacy-management/setPrivacySetting.html).
 * Kinds with no API (身份证号码, 订单信息, 邮箱 …: typed into forms) are declared as text only and
 * are not listed here. Not privacy interfaces: wx.scanCode, wx.makePhoneCall, wx.openDocument,
 * wx.downloadFile, taking a photo inside wx.chooseMedia (listed under the album kind, not 摄像头).
 *
 * The static gate (test/weapp/gate.test.ts) scans dist/weapp for every API, open-type, input
 * type, authorize scope and tag below, and checks that the README's declaration names each kind
 * the build uses.
 */
export interface WeChatPrivacyKind {
  /** privacy_key */
  key: string
  /** The kind as the admin console names it: what the deployer ticks. */
  name: string
  /** wx.* APIs that need it. */
  apis: readonly string[]
  /** <button open-type="…"> values that need it. */
  openTypes?: readonly string[]
  /** <input type="…"> values that need it. */
  inputTypes?: readonly string[]
  /** wx.authorize scopes that need it. */
  scopes?: readonly string[]
  /** Components (tags) that need it. */
  tags?: readonly string[]
}

export const WECHAT_PRIVACY_KINDS: readonly WeChatPrivacyKind[] = [
  {
    key: 'UserInfo',
    name: '用户信息（微信昵称、头像）',
    apis: ['getUserInfo', 'getUserProfile'],
    openTypes: ['chooseAvatar', 'getUserInfo', 'userInfo'],
    inputTypes: ['nickname'],
  },
  {
    key: 'Location',
    name: '位置信息',
    apis: [
      'getLocation',
      'startLocationUpdate',
      'startLocationUpdateBackground',
      'getFuzzyLocation',
      'onLocationChange',
      'moveToLocation',
    ],
    scopes: ['scope.userLocation', 'scope.userLocationBackground', 'scope.userFuzzyLocation'],
  },
  { key: 'ChooseLocation', name: '选择的位置信息', apis: ['choosePoi', 'chooseLocation'] },
  { key: 'Address', name: '地址', apis: ['chooseAddress'] },
  { key: 'Invoice', name: '发票信息', apis: ['chooseInvoiceTitle', 'chooseInvoice'] },
  { key: 'RunData', name: '微信运动数据', apis: ['getWeRunData'], scopes: ['scope.werun'] },
  {
    key: 'PhoneNumber',
    name: '手机号码',
    apis: [],
    openTypes: ['getPhoneNumber', 'getRealtimePhoneNumber'],
  },
  { key: 'LicensePlate', name: '车牌号', apis: ['chooseLicensePlate'] },
  { key: 'Album', name: '选中的照片或视频信息', apis: ['chooseImage', 'chooseMedia', 'chooseVideo'] },
  { key: 'MessageFile', name: '选中的文件', apis: ['chooseMessageFile'] },
  {
    key: 'Record',
    name: '麦克风',
    apis: ['startRecord', 'getRecorderManager', 'joinVoIPChat'],
    scopes: ['scope.record'],
    tags: ['live-pusher'],
  },
  {
    key: 'Camera',
    name: '摄像头',
    apis: ['createVKSession', 'createCameraContext'],
    scopes: ['scope.camera'],
    tags: ['camera', 'live-pusher', 'voip-room'],
  },
  {
    key: 'BlueTooth',
    name: '蓝牙',
    apis: ['openBluetoothAdapter', 'createBLEPeripheralServer'],
    scopes: ['scope.bluetooth'],
  },
  {
    key: 'AlbumWriteOnly',
    name: '相册（仅写入）权限',
    apis: ['saveImageToPhotosAlbum', 'saveVideoToPhotosAlbum'],
    scopes: ['scope.writePhotosAlbum'],
  },
  {
    key: 'Contact',
    name: '通讯录（仅写入）权限',
    apis: ['addPhoneContact'],
    scopes: ['scope.addPhoneContact'],
  },
  {
    key: 'CalendarWriteOnly',
    name: '日历（仅写入）权限',
    apis: ['addPhoneRepeatCalendar', 'addPhoneCalendar'],
    scopes: ['scope.addPhoneCalendar'],
  },
  {
    key: 'Accelerometer',
    name: '加速传感器',
    apis: ['startAccelerometer', 'stopAccelerometer', 'onAccelerometerChange', 'offAccelerometerChange'],
  },
  {
    key: 'Compass',
    name: '磁场传感器',
    apis: ['startCompass', 'stopCompass', 'onCompassChange', 'offCompassChange'],
  },
  {
    key: 'DeviceMotion',
    name: '方向传感器',
    apis: [
      'startDeviceMotionListening',
      'stopDeviceMotionListening',
      'onDeviceMotionChange',
      'offDeviceMotionChange',
    ],
  },
  {
    key: 'Gyroscope',
    name: '陀螺仪传感器',
    apis: ['startGyroscope', 'stopGyroscope', 'onGyroscopeChange', 'offGyroscopeChange'],
  },
  { key: 'Clipboard', name: '剪切板', apis: ['setClipboardData', 'getClipboardData'] },
]

/** The kind an API (or open-type) belongs to, if it is a privacy interface. */
export function privacyKindOf(api: string): WeChatPrivacyKind | undefined {
  return WECHAT_PRIVACY_KINDS.find((k) => k.apis.includes(api) || k.openTypes?.includes(api))
}

/**
 * What this app uses each declared kind for, in the words its own prompt uses when WeChat asks
 * for the person's agreement before such a call ("{use}前，请先同意…").
 */
export const PRIVACY_USES: Readonly<Record<string, { use: string }>> = {
  Album: { use: '选择照片' },
  MessageFile: { use: '从聊天中选择文件' },
  Clipboard: { use: '复制内容' },
  PhoneNumber: { use: '使用微信绑定的手机号' },
}

/** "选择照片" for chooseMedia …; a plain word for anything else WeChat asks about. */
export function privacyUseOf(api: string | undefined): string {
  const kind = api ? privacyKindOf(api) : undefined
  return (kind && PRIVACY_USES[kind.key]?.use) ?? '使用这项功能'
}

/** The id of the app's agree button for WeChat's authorisation: WeChat checks this very button was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'wechat-privacy-agree'
