import { Paper, SimpleGrid, Skeleton, Stack } from '@mantine/core';

/** The panel's shape while a customer loads: never a blank panel. */
export function AccountSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" data-testid="account-skeleton">
      <Stack gap={8}>
        <Skeleton h={26} w="55%" radius="sm" />
        <Skeleton h={14} w="30%" radius="sm" />
      </Stack>
      {[4, 6].map((n) => (
        <Paper key={n} withBorder p="lg" radius="md">
          <Skeleton h={16} w={180} radius="sm" mb="lg" />
          <SimpleGrid cols={2} spacing="lg">
            {Array.from({ length: n }, (_, i) => (
              <Stack key={i} gap={6}>
                <Skeleton h={10} w={90} radius="sm" />
                <Skeleton h={14} w={`${50 + ((i * 17) % 40)}%`} radius="sm" />
              </Stack>
            ))}
          </SimpleGrid>
        </Paper>
      ))}
    </Stack>
  );
}
