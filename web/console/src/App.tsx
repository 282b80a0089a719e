// The console's routes: the public auth pages and the logged-in shell.
import { lazy, Suspense, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Route, Routes } from "react-router";
import { AuthProvider } from "./auth/AuthProvider";
import { RedirectIfAuthenticated, RequireAuth } from "./auth/guards";
import { FlowsPage } from "./features/center/flows/Page";
import { BusinessHoursPage } from "./features/center/hours/Page";
import { NumbersPage } from "./features/center/numbers/Page";
import { PromptsPage } from "./features/center/prompts/Page";
import { QueuesPage } from "./features/center/queues/Page";
import { SkillGroupsPage } from "./features/center/skills/Page";
import { TrunksPage } from "./features/center/trunks/Page";
import { AcceptInvitePage } from "./pages/AcceptInvitePage";
import { AuthLayout } from "./pages/AuthLayout";
import { CallsPage } from "./pages/CallsPage";
import { DeskPage } from "./pages/DeskPage";
import { LogInPage } from "./pages/LogInPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OverviewPage } from "./pages/OverviewPage";
import { ProfilePage } from "./pages/ProfilePage";
import { SignUpPage } from "./pages/SignUpPage";
import { UsersPage } from "./pages/UsersPage";
import { AppShell } from "./shell/AppShell";

// The flow editor brings React Flow along: loaded when first opened.
const FlowEditorPage = lazy(async () => ({ default: (await import("./features/center/flows/EditorPage")).FlowEditorPage }));
// The knowledge base's per-type forms: loaded when first opened.
const KnowledgePage = lazy(async () => ({ default: (await import("./pages/KnowledgePage")).KnowledgePage }));
// Contacts and member cards: loaded when first opened.
const ContactsPage = lazy(async () => ({ default: (await import("./pages/ContactsPage")).ContactsPage }));
const ContactPage = lazy(async () => ({ default: (await import("./pages/ContactPage")).ContactPage }));
const CardsPage = lazy(async () => ({ default: (await import("./pages/CardsPage")).CardsPage }));
const CardPage = lazy(async () => ({ default: (await import("./pages/CardPage")).CardPage }));
// Cases and service requests: loaded when first opened.
const CasesPage = lazy(async () => ({ default: (await import("./pages/CasesPage")).CasesPage }));
const CasePage = lazy(async () => ({ default: (await import("./pages/CasePage")).CasePage }));
const RequestsPage = lazy(async () => ({ default: (await import("./pages/RequestsPage")).RequestsPage }));

/** A lazily loaded page with the loading line while its code arrives. */
function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

function PageLoading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t("common.loading")}
    </p>
  );
}

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<AuthLayout />}>
            <Route
              path="/login"
              element={
                <RedirectIfAuthenticated>
                  <LogInPage />
                </RedirectIfAuthenticated>
              }
            />
            <Route
              path="/signup"
              element={
                <RedirectIfAuthenticated>
                  <SignUpPage />
                </RedirectIfAuthenticated>
              }
            />
            <Route path="/accept-invite" element={<AcceptInvitePage />} />
          </Route>
          <Route
            element={
              <RequireAuth>
                <AppShell />
              </RequireAuth>
            }
          >
            <Route index element={<OverviewPage />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="profile" element={<ProfilePage />} />
            <Route
              path="contacts"
              element={
                <Lazy>
                  <ContactsPage />
                </Lazy>
              }
            />
            <Route
              path="contacts/:id"
              element={
                <Lazy>
                  <ContactPage />
                </Lazy>
              }
            />
            <Route
              path="cards"
              element={
                <Lazy>
                  <CardsPage />
                </Lazy>
              }
            />
            <Route
              path="cards/:id"
              element={
                <Lazy>
                  <CardPage />
                </Lazy>
              }
            />
            <Route
              path="cases"
              element={
                <Lazy>
                  <CasesPage />
                </Lazy>
              }
            />
            <Route
              path="cases/:id"
              element={
                <Lazy>
                  <CasePage />
                </Lazy>
              }
            />
            <Route
              path="requests"
              element={
                <Lazy>
                  <RequestsPage />
                </Lazy>
              }
            />
            <Route path="numbers" element={<NumbersPage />} />
            <Route path="trunks" element={<TrunksPage />} />
            <Route path="skill-groups" element={<SkillGroupsPage />} />
            <Route path="queues" element={<QueuesPage />} />
            <Route path="business-hours" element={<BusinessHoursPage />} />
            <Route path="prompts" element={<PromptsPage />} />
            <Route
              path="knowledge"
              element={
                <Suspense fallback={<PageLoading />}>
                  <KnowledgePage />
                </Suspense>
              }
            />
            <Route path="calls" element={<CallsPage />} />
            <Route path="desk" element={<DeskPage />} />
            <Route path="flows" element={<FlowsPage />} />
            <Route
              path="flows/:id"
              element={
                <Suspense fallback={<PageLoading />}>
                  <FlowEditorPage />
                </Suspense>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
