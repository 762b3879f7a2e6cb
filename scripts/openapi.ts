/**
 * WeChat server APIs (云调用) a function may call, by the `apiName` path it passes to the SDK's
 * `callWxOpenApi` and the name its `config.json` must grant (`permissions.openapi`). A function's
 * permissions are exactly the names whose paths its bundle calls: a path missing here stops the
 * build, so a new call cannot ship without its permission.
 */
export const OPENAPI_BY_PATH: Record<string, string> = {
  'cgi-bin/message/subscribe/send': 'subscribeMessage.send',
  'wxa/msg_sec_check': 'security.msgSecCheck',
  'wxa/media_check_async': 'security.mediaCheckAsync',
  'wxa/getwxacodeunlimit': 'wxacode.getUnlimited',
  'wxa/business/getuserphonenumber': 'phonenumber.getPhoneNumber',
  'wxa/getwxacode': 'wxacode.get',
  'cgi-bin/wxaapp/createwxaqrcode': 'wxacode.createQRCode',
}

export const KNOWN_OPENAPI = new Set(Object.values(OPENAPI_BY_PATH))

/** The `apiName` paths a bundle passes to callWxOpenApi (esbuild keeps property names and literals). */
export function openapiPaths(bundle: string): string[] {
  const paths = new Set<string>()
  for (const m of bundle.matchAll(/\bapiName\s*:\s*(["'`])([^"'`]+)\1/g)) paths.add(m[2])
  return [...paths].sort()
}

/** The permission names a bundle needs; throws on a path this table does not know. */
export function openapiPermissions(fn: string, bundle: string): string[] {
  const unknown = openapiPaths(bundle).filter((p) => !(p in OPENAPI_BY_PATH))
  if (unknown.length) {
    throw new Error(
      `函数 ${fn} 调用了未登记的云调用接口 ${unknown.join(', ')}：请在 scripts/openapi.ts 中写明它的 permissions.openapi 名称 / ` +
        `function ${fn} calls unknown openapi path(s) ${unknown.join(', ')}: add them to scripts/openapi.ts`,
    )
  }
  return [...new Set(openapiPaths(bundle).map((p) => OPENAPI_BY_PATH[p]))].sort()
}
