/**
 * Which CloudBase environment a weapp build calls, from configuration rather than code: the
 * first of TARO_APP_CLOUD_ENV and ENV_ID (the one `npm run deploy` deploys to), each from the
 * shell, else from Taro's env files `.env`, `.env.local`, `.env.<mode>`, `.env.<mode>.local`.
 * Empty means the environment WeChat DevTools has selected. The H5 build does not use it.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseEnv } from 'node:util'

/** The variables of env files in `root`, later files winning, as Taro and the tcb CLI read them. */
export function readEnvFiles(root: string, files: string[]): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const f of files) {
    const file = path.join(root, f)
    if (!existsSync(file)) continue
    for (const [k, v] of Object.entries(parseEnv(readFileSync(file, 'utf8'))))
      if (v !== undefined) vars[k] = v
  }
  return vars
}

export interface CloudEnvChoice {
  envId: string
  /** Where it came from, for the deploy plan. */
  source: string
}

export function weappCloudEnv(
  root: string,
  mode = 'production',
  env: Record<string, string | undefined> = process.env,
): CloudEnvChoice {
  const names = ['.env', '.env.local', `.env.${mode}`, `.env.${mode}.local`]
  const files = readEnvFiles(root, names)
  const inFiles = `(${names.join(' / ')})`
  const order: [string, Record<string, string | undefined>, string][] = [
    ['TARO_APP_CLOUD_ENV', env, ''],
    ['TARO_APP_CLOUD_ENV', files, inFiles],
    ['ENV_ID', env, ''],
    ['ENV_ID', files, inFiles],
  ]
  for (const [name, vars, where] of order)
    if (vars[name]) return { envId: vars[name], source: where ? `${name} ${where}` : name }
  return { envId: '', source: '未设置 / not set (DevTools 当前环境)' }
}
