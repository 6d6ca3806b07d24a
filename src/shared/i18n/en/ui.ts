/** Strings of the renderer. Group keys by screen: ui.<area>.<name>. */
export const ui = {
  'ui.app.name': 'MCA Desk',
} as const;
