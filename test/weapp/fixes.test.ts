/**
 * What WeChat would cut or refuse in the mini-program (issue 15, item 3), each fixed and held
 * here: from the source (what every call passes), and from calls run against a recording stand-in
 * for Taro's weapp API. The runtime harness can replay the same cases on dist/weapp.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { openDocument } from '../../src/api/documents'
import { chooseAndUploadWorkbook, choosePhotos } from '../../src/api/upload'
import {
  answerWeChatPrivacy,
  copyText,
  currentPrivacyAsk,
  installWeChatPrivacy,
  onPrivacyAskChange,
  PRIVACY_AGREE_BUTTON_ID,
  withPrivacy,
} from '../../src/api/wechat-privacy'
import { activityShare, SHARED_PAGES, wishWallShare } from '../../src/domain/share'
import { WECHAT_PRIVACY_KINDS } from '../../src/domain/wechat-privacy'
import { fakeTaro } from './fake-taro'
import { callsOf, propertyOf, sources, SRC, stringValues } from './source-scan'

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: jest.requireActual('./fake-taro').fakeTaro.api,
}))

const taroEnv = process.env.TARO_ENV
/** What the app handed to onNeedPrivacyAuthorization (kept across fakeTaro.reset()). */
let installedListener: unknown
beforeEach(() => {
  process.env.TARO_ENV = 'weapp'
  installedListener ??= fakeTaro.argsOf('onNeedPrivacyAuthorization')[0]
  fakeTaro.reset()
})
afterAll(() => {
  process.env.TARO_ENV = taroEnv
})

/** wx.showToast: with icon success (the default) or error, a title shows at most 7 汉字. */
const ICON_TITLE_MAX = 7

describe('success toasts fit WeChat’s 7 characters', () => {
  const toasts = callsOf('showToast')

  test('every Taro.showToast passes an object the check can read', () => {
    expect(toasts.length).toBeGreaterThan(10)
    expect(
      toasts
        .filter((c) => !ts.isObjectLiteralExpression(c.node.arguments[0]))
        .map((c) => `${c.file}:${c.line}`),
    ).toEqual([])
  })

  test('a toast with an icon has a title of at most 7 characters, whatever it is filled with', () => {
    const tooLong = toasts.flatMap(({ file, line, node, sf }) => {
      const arg = node.arguments[0]
      const icon = propertyOf(arg, 'icon')
      const iconValues = icon ? stringValues(icon, sf) : ['success']
      if (iconValues && iconValues.every((v) => v === 'none')) return []
      const title = propertyOf(arg, 'title')
      const values = title ? stringValues(title, sf) : null
      if (!values) return [`${file}:${line} ${title?.getText(sf)} (unbounded)`]
      return values.filter((v) => [...v].length > ICON_TITLE_MAX).map((v) => `${file}:${line} ${v}`)
    })
    expect(tooLong).toEqual([])
  })

  test('the check reads templates, conditions and a helper’s parameter', () => {
    const sf = ts.createSourceFile(
      'x.ts',
      "const n = 3\nfunction act(t: string) { return t }\nact('已上墙'); act(n > 1 ? '已确认' : '已登记，待社区确认')",
      ts.ScriptTarget.Latest,
      true,
    )
    const param = (sf.statements[1] as ts.FunctionDeclaration).parameters[0].name as ts.Identifier
    expect(stringValues(param, sf)).toEqual(['已上墙', '已确认', '已登记，待社区确认'])
    const tpl = ts.createSourceFile(
      'y.ts',
      'const n = 1; `已导入${n}项`; `签到${"成功"}`',
      ts.ScriptTarget.Latest,
      true,
    )
    const [, a, b] = tpl.statements as unknown as ts.ExpressionStatement[]
    expect(stringValues(a.expression, tpl)).toBeNull()
    expect(stringValues(b.expression, tpl)).toEqual(['签到成功'])
  })
})

describe('photos: wx.chooseMedia, not the unmaintained wx.chooseImage', () => {
  test('choosePhotos asks chooseMedia for compressed images (album or camera), then compresses each', async () => {
    fakeTaro.answer('chooseMedia', () => ({
      type: 'image',
      tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg' }, { tempFilePath: 'wxfile://tmp/b.png' }],
    }))
    fakeTaro.answer('compressImage', (arg) => ({ tempFilePath: `${(arg as { src: string }).src}.small` }))
    await expect(choosePhotos(2)).resolves.toEqual(['wxfile://tmp/a.jpg.small', 'wxfile://tmp/b.png.small'])
    expect(fakeTaro.calls.map(([name]) => name)).toEqual(['chooseMedia', 'compressImage', 'compressImage'])
    expect(fakeTaro.argsOf('chooseMedia')).toEqual([
      { count: 2, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] },
    ])
  })

  test('no Taro.chooseImage left in the source', () => {
    expect(callsOf('chooseImage').map((c) => `${c.file}:${c.line}`)).toEqual([])
  })
})

describe('WeChat’s privacy authorisation: one prompt, and a refusal said in Chinese', () => {
  type Listener = (resolve: (a: unknown) => void, info: { referrer: string }) => void
  const refusal = (api: string) => ({
    errno: 104,
    errMsg: `${api}:fail privacy permission is not authorized`,
  })

  test('the app listens once, whoever installs it how often', () => {
    installWeChatPrivacy()
    installWeChatPrivacy()
    expect(fakeTaro.calls.map(([name]) => name)).toEqual(['onNeedPrivacyAuthorization'])
    const src = readFileSync(path.join(SRC, 'app.ts'), 'utf8')
    // Installed from app.ts (weapp only); that the build keeps the call is in the gate.
    expect(src).toContain('  installWeChatPrivacy()\n')
  })

  test('calls held while the prompt is open wait for the same answer; 不同意 lets them fail', () => {
    // The listener the first test registered (the module keeps it, as the app does).
    const listener = registered()
    const seen: unknown[] = []
    const changes = jest.fn()
    const stop = onPrivacyAskChange(changes)
    listener((a) => seen.push(['copy', a]), { referrer: 'setClipboardData' })
    listener((a) => seen.push(['photo', a]), { referrer: 'chooseMedia' })
    expect(currentPrivacyAsk()).toEqual({ use: '复制内容' })
    expect(changes).toHaveBeenCalledTimes(1)
    answerWeChatPrivacy(false)
    stop()
    expect(currentPrivacyAsk()).toBeNull()
    expect(seen).toEqual([
      ['copy', { event: 'exposureAuthorization' }],
      ['photo', { event: 'exposureAuthorization' }],
      ['copy', { event: 'disagree' }],
      ['photo', { event: 'disagree' }],
    ])
  })

  test('同意并继续 answers with the button WeChat must see tapped', () => {
    const listener = registered()
    const seen: unknown[] = []
    listener((a) => seen.push(a), { referrer: 'wx.chooseMessageFile' })
    expect(currentPrivacyAsk()).toEqual({ use: '从聊天中选择文件' })
    answerWeChatPrivacy(true)
    expect(seen).toEqual([
      { event: 'exposureAuthorization' },
      { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID },
    ])
  })

  test('a refused call says why in Chinese and gives nothing; a cancel is quiet; other failures still throw', async () => {
    await expect(
      withPrivacy('chooseMedia', () => Promise.reject(refusal('chooseMedia'))),
    ).resolves.toBeUndefined()
    expect(fakeTaro.argsOf('showToast')).toEqual([
      { title: '未同意隐私保护指引，暂时无法选择照片', icon: 'none', duration: 3000 },
    ])
    fakeTaro.reset()
    await expect(
      withPrivacy('chooseMedia', () => Promise.reject({ errMsg: 'chooseMedia:fail cancel' })),
    ).resolves.toBeUndefined()
    expect(fakeTaro.calls).toEqual([])
    await expect(withPrivacy('chooseMedia', () => Promise.reject(new Error('disk full')))).rejects.toThrow(
      'disk full',
    )
  })

  test('photos, the workbook and copying go through it: refused, each ends quietly with a message', async () => {
    fakeTaro.answer('chooseMedia', () => Promise.reject(refusal('chooseMedia')))
    fakeTaro.answer('chooseMessageFile', () => Promise.reject(refusal('chooseMessageFile')))
    fakeTaro.answer('setClipboardData', () => Promise.reject(refusal('setClipboardData')))
    await expect(choosePhotos(3)).resolves.toEqual([])
    await expect(chooseAndUploadWorkbook()).resolves.toBeNull()
    await expect(copyText('邀请码：AB12CD34')).resolves.toBeUndefined()
    expect(fakeTaro.argsOf('showToast').map((t) => (t as { title: string }).title)).toEqual([
      '未同意隐私保护指引，暂时无法选择照片',
      '未同意隐私保护指引，暂时无法从聊天中选择文件',
      '未同意隐私保护指引，暂时无法复制内容',
    ])
  })

  test('every privacy interface the source calls is wrapped in withPrivacy under its own name', () => {
    const all = sources()
    const unwrapped = WECHAT_PRIVACY_KINDS.flatMap((k) => k.apis).flatMap((api) =>
      callsOf(api, all)
        .filter(({ node }) => {
          for (let n: ts.Node | undefined = node.parent; n; n = n.parent)
            if (
              ts.isCallExpression(n) &&
              ts.isIdentifier(n.expression) &&
              n.expression.text === 'withPrivacy' &&
              ts.isStringLiteral(n.arguments[0]) &&
              n.arguments[0].text === api
            )
              return false
          return true
        })
        .map((c) => `${c.file}:${c.line} ${api}`),
    )
    expect(unwrapped).toEqual([])
    // The phone-number button answers a refusal too.
    const contact = readFileSync(path.join(SRC, 'components/ContactFields.tsx'), 'utf8')
    expect(contact).toMatch(
      /onGetPhoneNumber=[\s\S]{0,300}isPrivacyRefusal\(e\.detail\)\) void privacyRefused\('getPhoneNumber'\)/,
    )
  })

  /** The listener the app gave onNeedPrivacyAuthorization. */
  function registered(): Listener {
    return installedListener as Listener
  }
})

describe('sharing: the activity detail and the 心愿墙 answer onShareAppMessage, no other page does', () => {
  test('what a shared card says and opens', () => {
    expect(activityShare('act 1', { title: '四点半课堂', kindName: '四点半课堂' })).toEqual({
      title: '社区活动｜四点半课堂（四点半课堂），一起报名吧',
      path: '/packages/resident/pages/activity/detail?id=act%201',
    })
    // Shared before the activity loaded: still a sensible card, still the same page.
    expect(activityShare('a1')).toEqual({
      title: '社区活动，一起报名吧',
      path: '/packages/resident/pages/activity/detail?id=a1',
    })
    expect(wishWallShare()).toEqual({
      title: '邻里的微心愿，等您来认领｜暖心网格心愿墙',
      path: '/packages/resident/pages/wish/wall',
    })
  })

  test('exactly the shared pages enable sharing in their config and answer it; the rest keep it off', () => {
    const pages = sources().filter((s) => s.file.endsWith('.config.ts') && s.file !== 'app.config.ts')
    const enabling = pages
      .filter((s) => /enableShare(AppMessage|Timeline)\s*:\s*true/.test(s.sf.text))
      .map((s) => s.file.replace(/\.config\.ts$/, ''))
    expect(enabling.sort()).toEqual([...SHARED_PAGES].sort())
    const answering = sources()
      .filter((s) => /(^|\/)pages\//.test(s.file))
      .filter((s) => /\buseShare(AppMessage|Timeline)\(|\bonShare(AppMessage|Timeline)\b/.test(s.sf.text))
      .map((s) => s.file)
    expect(answering.sort()).toEqual(SHARED_PAGES.map((p) => `${p}.tsx`).sort())
    expect(readFileSync(path.join(SRC, 'packages/resident/pages/activity/detail.tsx'), 'utf8')).toContain(
      'useShareAppMessage(() => activityShare(id, activity.data))',
    )
    expect(readFileSync(path.join(SRC, 'packages/resident/pages/wish/wall.tsx'), 'utf8')).toContain(
      'useShareAppMessage(wishWallShare)',
    )
  })
})

describe('documents: downloaded by file id with wx.cloud.downloadFile, not from a URL', () => {
  test('openDocument fetches the file id and opens it in WeChat’s viewer with its menu', async () => {
    fakeTaro.answer('cloud.downloadFile', () => ({
      tempFilePath: 'wxfile://tmp/ledger.xlsx',
      statusCode: 200,
    }))
    await openDocument(
      { fileID: 'cloud://env.bucket/docs/0a/ledger.xlsx', url: 'https://x/ledger' },
      '诉求台账-2026-11.xlsx',
      'xlsx',
    )
    expect(fakeTaro.calls).toEqual([
      ['cloud.downloadFile', { fileID: 'cloud://env.bucket/docs/0a/ledger.xlsx' }],
      ['openDocument', { filePath: 'wxfile://tmp/ledger.xlsx', fileType: 'xlsx', showMenu: true }],
    ])
  })

  test('no Taro.downloadFile (a URL, needing a download domain) left in the source; every document action gives a file id', () => {
    expect(
      callsOf('downloadFile').filter((c) => !c.node.expression.getText(c.sf).startsWith('Taro.cloud.')),
    ).toEqual([])
    const opened = sources().flatMap(({ file, sf }) =>
      [...sf.text.matchAll(/openDocument\(([^,]+),/g)].map((m) => `${file}: ${m[1].trim()}`),
    )
    expect(opened.length).toBeGreaterThanOrEqual(6)
    // Each caller hands over the whole answer (or its fileID), never just a URL.
    expect(opened.filter((o) => /\.url$|fileUrl$/.test(o))).toEqual([])
  })
})
