import { Badge, Button, createTheme, Modal, NavLink, Tooltip } from '@mantine/core';

/** A calm desktop look: system fonts, compact controls, soft borders. */
export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  cursorType: 'pointer',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "Cascadia Mono", "SF Mono", Menlo, Consolas, "Liberation Mono", monospace',
  headings: {
    fontWeight: '600',
    sizes: {
      h1: { fontSize: '1.5rem', lineHeight: '1.3' },
      h2: { fontSize: '1.3rem', lineHeight: '1.3' },
      h3: { fontSize: '1.05rem', lineHeight: '1.4' },
    },
  },
  components: {
    Badge: Badge.extend({
      defaultProps: { variant: 'light', radius: 'sm' },
      // Never cut a status short: its text is the point.
      styles: { root: { textTransform: 'none', fontWeight: 600, letterSpacing: 0 }, label: { overflow: 'visible' } },
    }),
    Button: Button.extend({ defaultProps: { radius: 'md' } }),
    Modal: Modal.extend({
      defaultProps: { radius: 'md', centered: true },
      styles: { title: { fontWeight: 600, fontSize: 'var(--mantine-font-size-lg)' } },
    }),
    NavLink: NavLink.extend({ styles: { root: { borderRadius: 'var(--mantine-radius-md)' } } }),
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 400, withArrow: true } }),
  },
});
