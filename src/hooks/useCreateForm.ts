import { useRef, useState } from 'react'
import { ApiCallError, errorMessage, newRequestId } from '../api/client'

/**
 * A form that creates something: one client requestId per submission (a double tap or a retry
 * after a lost answer creates nothing twice; a refusal starts a fresh one), the busy flag, and the
 * server's per-field messages shown where the fields are.
 */
export function useCreateForm() {
  const requestId = useRef(newRequestId())
  const [saving, setSaving] = useState(false)
  const [errors, setErrors] = useState<Record<string, string>>({})

  async function create<T>(run: (requestId: string) => Promise<T>): Promise<T | undefined> {
    setSaving(true)
    try {
      const created = await run(requestId.current)
      requestId.current = newRequestId()
      return created
    } catch (err) {
      setErrors(err instanceof ApiCallError && err.fields ? err.fields : { _: errorMessage(err) })
      // A lost answer may have created it: the retry must carry the same id.
      if (!(err instanceof ApiCallError) || err.code !== 'NETWORK') requestId.current = newRequestId()
      return undefined
    } finally {
      setSaving(false)
    }
  }

  /** A field's setter that also clears what was said about it. */
  function edit<T>(key: string, set: (v: T) => void) {
    return (value: T) => {
      set(value)
      setErrors((all) => {
        if (!all[key]) return all
        const { [key]: _gone, ...rest } = all
        return rest
      })
    }
  }

  return { saving, errors, setErrors, create, edit }
}
