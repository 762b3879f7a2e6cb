import { useState } from 'react'
import { showRefusal } from './confirm'

/**
 * Runs one user action with a busy flag; a refusal from the server (someone else accepted
 * first, the request was cancelled…) is shown as a dialog a person can read, then `onError` runs.
 */
export function useAction(): [
  boolean,
  <T>(run: () => Promise<T>, onError?: () => void) => Promise<T | undefined>,
] {
  const [busy, setBusy] = useState(false)
  async function perform<T>(run: () => Promise<T>, onError?: () => void): Promise<T | undefined> {
    setBusy(true)
    try {
      return await run()
    } catch (err) {
      await showRefusal(err)
      onError?.()
      return undefined
    } finally {
      setBusy(false)
    }
  }
  return [busy, perform]
}
