// Links the console hands out.

/** The link an invitee opens to accept an invitation (the token is shown only once). */
export function acceptInviteLink(token: string, origin: string = window.location.origin): string {
  return `${origin}/accept-invite?token=${encodeURIComponent(token)}`;
}
