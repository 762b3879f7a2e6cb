/**
 * What WeChat would cut or refuse in the mini-program (issue 15, item 3), each fixed and held
 * here: from the source (what every call passes), and from calls run against a recording stand-in
 * for Taro's weapp API. The runtime harness can replay the same cases on dist/weapp.
 */
import ts from 'typescript'
import { choosePhotos } from '../../src/api/upload'
import { fakeTaro } from './fake-taro'
import { callsOf, propertyOf, stringValues } from './source-scan'

jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: jest.requireActual('./fake-taro').fakeTaro.api,
}))

const taroEnv = process.env.TARO_ENV
beforeEach(() => {
  process.env.TARO_ENV = 'weapp'
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
