import { AppShell, MantineProvider } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { McaDeskApi } from '../shared/contract';
import { ActivityView } from './activity/ActivityView';
import { ApiProvider } from './api/ApiContext';
import { CoverageView } from './coverage/CoverageView';
import { CustomersView } from './customers/CustomersView';
import { ImportModal } from './import/ImportModal';
import { LocaleDatesProvider } from './i18n/LocaleDatesProvider';
import { QueueView } from './queue/QueueView';
import { SessionProvider, useSession } from './session/SessionProvider';
import { SignInProvider } from './session/SignInProvider';
import { CustomerCreatedWatcher } from './newCustomer/CustomerCreatedWatcher';
import { SettingsView } from './settings/SettingsView';
import { Header } from './shell/Header';
import { Navigation, type View } from './shell/Navigation';
import { SignInBanner } from './shell/SignInBanner';
import { LiveStatusProvider } from './status/LiveStatusProvider';
import { theme } from './theme';

export function App({ api }: { api: McaDeskApi }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <ApiProvider api={api}>
        <SessionProvider>
          <LocaleDatesProvider>
            <Notifications position="bottom-right" limit={4} zIndex={1000} />
            <SignInProvider>
              <ProfileScope />
            </SignInProvider>
          </LocaleDatesProvider>
        </SessionProvider>
      </ApiProvider>
    </MantineProvider>
  );
}

/** Everything that belongs to the active profile; it starts over when the session changes hands. */
function ProfileScope() {
  const { session, epoch } = useSession();
  return (
    <LiveStatusProvider key={`${session.profile.id}:${epoch}`}>
      <Workspace />
      <CustomerCreatedWatcher />
    </LiveStatusProvider>
  );
}

/** The app frame: header, navigation, and the current view. Search and the open customer survive switching views. */
function Workspace() {
  const [view, setView] = useState<View>('customers');
  // Kept for when the customer view opens again; the view holds the live query (a keystroke renders nothing here).
  const query = useRef('');
  const keepQuery = useCallback((next: string) => {
    query.current = next;
  }, []);
  const [openId, setOpenId] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const [focusSearch, setFocusSearch] = useState(0);

  // Ctrl+K (Cmd+K) focuses the search from anywhere, even from inside another input; not over a dialog.
  useHotkeys(
    [
      [
        'mod+K',
        () => {
          if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
          setView('customers');
          setFocusSearch((n) => n + 1);
        },
      ],
    ],
    [],
  );

  useEffect(() => {
    if (focusSearch === 0) return;
    searchRef.current?.focus();
    searchRef.current?.select();
  }, [focusSearch]);

  // Stable callbacks: the header, navigation and banner are memoised, so a keystroke in the search
  // box re-renders the customer view only.
  const openQueue = useCallback(() => setView('queue'), []);
  const openCustomer = useCallback((id: string) => {
    setOpenId(id);
    setView('customers');
  }, []);
  // Coverage → "Update" for the selected customers: the import dialog, one row per customer (its
  // tenant id filled in), for the operator to enter who accepted and when, checked like a file.
  const [bulkUpdateIds, setBulkUpdateIds] = useState<string[] | null>(null);
  const bulkUpdate = useCallback((customerIds: string[]) => setBulkUpdateIds(customerIds), []);
  const navigate = useCallback((next: View) => {
    setView(next);
    if (next === 'customers') setFocusSearch((n) => n + 1);
  }, []);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 208, breakpoint: 0 }} padding={0}>
      <AppShell.Header>
        <Header onOpenQueue={openQueue} />
      </AppShell.Header>
      <AppShell.Navbar>
        <Navigation view={view} onNavigate={navigate} />
      </AppShell.Navbar>
      <AppShell.Main h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
        <SignInBanner />
        <div style={{ flex: 1, minHeight: 0 }}>
          {view === 'customers' ? (
            <CustomersView initialQuery={query.current} onQueryChange={keepQuery} openId={openId} onOpen={setOpenId} searchRef={searchRef} />
          ) : view === 'coverage' ? (
            <>
              <CoverageView onOpenCustomer={openCustomer} onBulkUpdate={bulkUpdate} />
              <ImportModal opened={bulkUpdateIds !== null} onClose={() => setBulkUpdateIds(null)} mode="confirm" initialRows={bulkUpdateIds?.map((customer) => ({ customer }))} />
            </>
          ) : view === 'queue' ? (
            <QueueView
              onOpenCustomer={(id) => {
                setOpenId(id);
                setView('customers');
              }}
            />
          ) : view === 'activity' ? (
            <ActivityView />
          ) : (
            <SettingsView />
          )}
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
