/** Uploads: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { hour } from '../ratelimits'
import { action, uploadedFile } from './schemas'

export const uploadsActions = {
  // Uploads (actions/uploads.ts): what a client put in its storage folder, recorded before use.
  'upload.record': action({
    input: uploadedFile,
    output: z.object({ fileID: z.string(), bytes: z.number() }),
    access: 'user',
    rateLimit: hour(100),
  }),
}
