import { Box, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './Fact.module.css';

/** A labelled fact ("Domain: contoso.com") as a term/definition pair; grids of these read like a form. */
export function FactList({ children }: { children: ReactNode }) {
  return <dl className={classes.list}>{children}</dl>;
}

export function Fact({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <Box className={classes.fact} data-wide={wide || undefined}>
      <Text component="dt" size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text component="dd" size="sm" className={classes.value}>
        {children}
      </Text>
    </Box>
  );
}
