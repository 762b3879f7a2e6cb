/** Role invitations (issue 6): one-time codes that a person opens in WeChat to take a role. */

/** An invitation works for this long after it is made. */
export const INVITATION_HOURS = 72

/** Easy to read aloud and type: no 0/O, 1/I/L. */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const INVITE_CODE_LENGTH = 8
export const INVITE_CODE_PATTERN = /^[A-HJKMNP-Z2-9]{8}$/

/** What a person may type: spaces and lower case forgiven. */
export function normaliseInviteCode(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase()
}
