// Desk phones (SIP endpoints: a username and password a phone registers with, optionally
// linked to a user), shown on the "Trunks & phones" page below the trunks.
import { useTranslation } from "react-i18next";
import { useQuery } from "../../../api/hooks";
import { ResourceSection } from "../../../kit/ResourcePage";
import { useUsers } from "../../../shell/useUsers";
import { DeskPhoneForm } from "./Form";
import { deleteSipEndpointMutation, sipEndpointsQuery } from "./operations";

export function DeskPhonesSection({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const { users } = useUsers();
  const email = (id: string | null) => (id ? (users.find((u) => u.id === id)?.email ?? id) : t("trunks.endpoints.noUser"));
  return (
    <ResourceSection
      id="endpoints"
      item="endpoint"
      listTitle={t("trunks.endpoints.list")}
      empty={t("trunks.endpoints.empty")}
      manage={manage}
      query={useQuery(sipEndpointsQuery, {})}
      rows={(d) => d.sipEndpoints}
      columns={[
        { header: t("trunks.endpoints.columns.username"), cell: (ep) => <code>{ep.username}</code> },
        { header: t("trunks.endpoints.columns.displayName"), cell: (ep) => ep.displayName },
        { header: t("trunks.endpoints.columns.user"), cell: (ep) => email(ep.userId) },
      ]}
      remove={deleteSipEndpointMutation}
      form={(slot) => <DeskPhoneForm users={users} {...slot} />}
    />
  );
}
