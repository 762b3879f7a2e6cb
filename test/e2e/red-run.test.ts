/**
 * A failing run must end (it once printed its summary and hung, the host started in beforeAll
 * never closed). A child jest runs a fixture whose browser cannot start after the host has; it
 * must exit by itself, non-zero, without jest's "did not exit" complaint.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
/** Only so that a regression fails this test instead of hanging the whole suite. */
const HANG_KILL_MS = 300_000

test(
  'a red end-to-end run exits on its own, non-zero',
  async () => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', 'test/fixtures/jest.config.js', '--ci'],
      { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, timeout: HANG_KILL_MS, killSignal: 'SIGKILL' },
    )
    let out = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    child.stderr.on('data', (b: Buffer) => (out += b.toString()))
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    )
    expect(signal).toBeNull()
    expect(code).toBe(1)
    expect(out).toContain('browser-fails.fixture.ts')
    expect(out).toMatch(/no-such-chromium/)
    expect(out).toContain('Tests:       1 failed, 1 total')
    expect(out).not.toContain('did not exit')
  },
  HANG_KILL_MS + 60_000,
)
