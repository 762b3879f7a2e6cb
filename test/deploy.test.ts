/**
 * `npm run deploy -- --dry-run`, run as a user runs it (a child process, no credentials, no
 * network): the plan it prints and the problems that stop it. The functions are already built by
 * the global setup, so the runs here pass --no-build.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { COLLECTIONS } from '../cloudfunctions/core/db'
import { DOCS_READ_RULE } from '../cloudfunctions/core/documents'
import { cronProblem, type CloudbaseRc } from '../scripts/cloudbase-config'
import { openapiPermissions } from '../scripts/openapi'

const root = path.resolve(__dirname, '..')
const rcPath = path.join(root, 'cloudbaserc.json')
const ENV = 'nuanxin-test-1a2b'

/** Variables every run sets, so a developer's own .env.local cannot change the outcome. */
const BASE = {
  ENV_ID: ENV,
  TARO_APP_CLOUD_ENV: ENV,
  WX_TPL_TASK: 'tpl-task-test',
  WX_TPL_PROGRESS: 'tpl-progress-test',
  WX_MINIPROGRAM_STATE: '',
  PUBLIC_H5_URL: 'https://grid.example.org',
}

interface Run {
  code: number
  out: string
}

function deploy(env: Record<string, string>, args: string[]): Promise<Run> {
  const cleanEnv = { ...process.env }
  delete cleanEnv.TENCENTCLOUD_SECRETID
  delete cleanEnv.TENCENTCLOUD_SECRETKEY
  return new Promise((resolve) => {
    execFile(
      path.join(root, 'node_modules/.bin/tsx'),
      ['scripts/deploy.ts', '--no-build', ...args],
      { cwd: root, env: { ...cleanEnv, ...BASE, ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    )
  })
}

/** A dry run on a named day (the calendar warning looks 90 days ahead of it). */
const dryRun = (env: Record<string, string>, args: string[] = []) =>
  deploy(env, ['--dry-run', '--today', '2026-06-01', ...args])

const tempDirs: string[] = []
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A temporary copy of cloudbaserc.json, changed by `edit`. */
function brokenConfig(edit: (rc: CloudbaseRc) => void): string {
  const rc = JSON.parse(readFileSync(rcPath, 'utf8')) as CloudbaseRc
  edit(rc)
  const dir = mkdtempSync(path.join(tmpdir(), 'deploy-test-'))
  tempDirs.push(dir)
  const file = path.join(dir, 'cloudbaserc.json')
  writeFileSync(file, JSON.stringify(rc))
  return file
}

const declared: { name: string; indexes: unknown[] }[] = JSON.parse(readFileSync(rcPath, 'utf8')).database
  .collections

describe('npm run deploy -- --dry-run', () => {
  it('prints the plan: the functions, the timer, the HTTP path, every collection with its indexes and its rule', async () => {
    const { code, out } = await dryRun({})
    expect(code).toBe(0)
    expect(out).toContain(`云开发环境 ${ENV}`)
    expect(out).toMatch(
      /^\s+api\s+Nodejs18\.15\s+10s\s+[\d.]+ MB\s+.*security\.msgSecCheck.*"auth != null"$/m,
    )
    expect(out).toMatch(/^\s+scheduler\s+Nodejs18\.15\s+60s\s+.*subscribeMessage\.send.*false$/m)
    expect(out).toMatch(/^\s+scheduler\s+everyMinute\s+timer\s+0 \* \* \* \* \* \*$/m)
    // 开放接口: the open311 function, never called from the mini-program, behind its HTTP path.
    expect(out).toMatch(/^\s+open311\s+Nodejs18\.15\s+10s\s+.*false$/m)
    expect(out).toMatch(/^\s+\/open311\/v2\s+open311$/m)
    for (const name of Object.values(COLLECTIONS)) {
      const c = declared.find((d) => d.name === name)
      expect(c).toBeDefined()
      expect(out).toMatch(new RegExp(`^\\s+${name}\\s+${c!.indexes.length}\\s+ADMINONLY\\b`, 'm'))
    }
    // Clients read only documents delivered to them (docs/<random>/…, cloudfunctions/core/documents.ts).
    expect(out).toContain(`read:  "${DOCS_READ_RULE}"`)
    expect(out).toContain('{"*":{"invoke":false},"api":{"invoke":"auth != null"}}')
    expect(out).toContain(`云环境 env: ${ENV} (TARO_APP_CLOUD_ENV)`)
    expect(out).toContain('dry run OK: nothing was sent')
  })

  it('warns from October that the built-in calendar ends, without stopping', async () => {
    const ahead = await dryRun({}, ['--today', '2026-12-02'])
    expect(ahead.code).toBe(0)
    expect(ahead.out).toContain('! 内置节假日数据（chinese-days）只到2026年：2027年的调休安排未知')
    expect(ahead.out).toContain('社区设置 → 节假日调整')
    const summer = await dryRun({}, ['--today', '2026-06-01'])
    expect(summer.code).toBe(0)
    expect(summer.out).not.toContain('内置节假日数据')
  })

  it('stops on a broken declaration, naming each problem', async () => {
    const config = brokenConfig((rc) => {
      rc.functions!.find((f) => f.name === 'scheduler')!.triggers![0].config = '0 * * * * *'
      rc.database!.collections = rc.database!.collections!.filter((c) => c.name !== 'visits')
      rc.database!.collections[0].indexes!.push({ name: 'bad', unique: false, keys: [] })
      rc.security!.database = 'READONLY'
      rc.security!.storage!.read = true
      rc.security!.functions!['*'].invoke = 'auth != null'
    })
    const { code, out } = await dryRun({}, ['--config', config])
    expect(code).toBe(1)
    expect(out).toContain('nothing changed')
    expect(out).toContain('触发器 everyMinute 的 cron "0 * * * * *" 无效：需要 7 个字段')
    expect(out).toContain('集合 visits 被代码使用')
    expect(out).toContain('keys must be a non-empty array')
    expect(out).toContain('security.database 必须是 "ADMINONLY"')
    expect(out).toContain('security.storage.read 必须是 "auth != null && /^docs[/][0-9a-f]{32}[/]/')
    expect(out).toMatch(/云函数 scheduler: 小程序端不得直接调用/)
    expect(out).not.toContain('dry run OK')
  })

  it('stops when the environment is not configured: env id, template ids, the weapp env', async () => {
    const missing = await dryRun({ ENV_ID: '', TARO_APP_CLOUD_ENV: '' })
    expect(missing.code).toBe(1)
    expect(missing.out).toContain('ENV_ID is not set')

    const bad = await dryRun({ ENV_ID: 'Bad_Env!', TARO_APP_CLOUD_ENV: 'Bad_Env!' })
    expect(bad.code).toBe(1)
    expect(bad.out).toContain('ENV_ID "Bad_Env!" 不是有效的云开发环境 ID')

    const other = await dryRun({
      WX_TPL_PROGRESS: '',
      TARO_APP_CLOUD_ENV: 'other-env-9z',
      PUBLIC_H5_URL: 'grid',
    })
    expect(other.code).toBe(1)
    expect(other.out).toContain('环境变量 WX_TPL_PROGRESS 未设置')
    expect(other.out).toContain('小程序配置的云环境 "other-env-9z"（TARO_APP_CLOUD_ENV）与部署的 ENV_ID')
    expect(other.out).toContain('PUBLIC_H5_URL="grid" 必须是 http(s):// 开头的网址')

    // A real run without keys stops after the checks, before it sends anything.
    const keyless = await deploy({}, [])
    expect(keyless.code).toBe(1)
    expect(keyless.out).toContain('set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY')
    expect(keyless.out).not.toContain('1/4')
  })
})

describe('deploy checks', () => {
  it('takes 7-field CloudBase crons and rejects others', () => {
    expect(cronProblem('0 * * * * * *')).toBeNull()
    expect(cronProblem('0 */5 8-20 * * MON-FRI *')).toBeNull()
    expect(cronProblem('0 0 2 1 JAN,JUL * 2027')).toBeNull()
    expect(cronProblem('* * * * *')).toMatch(/7 个字段/)
    expect(cronProblem('60 * * * * * *')).toMatch(/秒/)
    expect(cronProblem('0 0 24 * * * *')).toMatch(/时/)
    expect(cronProblem('0 0 0 0 * * *')).toMatch(/日/)
    expect(cronProblem('0 0 0 * * 7 *')).toMatch(/星期/)
    expect(cronProblem('0 0 9-8 * * * *')).toMatch(/时/)
    expect(cronProblem('0 */0 * * * * *')).toMatch(/分/)
  })

  it('grants a function exactly the 云调用 its bundle makes, and refuses one it cannot name', () => {
    const bundle =
      'a.callWxOpenApi({apiName:"wxa/msg_sec_check",requestData:x});b({apiName:"wxa/getwxacodeunlimit"})'
    expect(openapiPermissions('api', bundle)).toEqual(['security.msgSecCheck', 'wxacode.getUnlimited'])
    expect(openapiPermissions('api', 'nothing here')).toEqual([])
    expect(() => openapiPermissions('api', '{apiName:"wxa/some_new_api"}')).toThrow(/wxa\/some_new_api/)
  })
})
