// The "Trunks & phones" page: SIP trunks (carrier connections; the password is write-only) and,
// below them, the desk phones (../desk-phones).
import { useTranslation } from "react-i18next";
import { useQuery } from "../../../api/hooks";
import { PageFrame, ResourceSection } from "../../../kit/ResourcePage";
import { useManageConfig } from "../../../shell/context";
import { DeskPhonesSection } from "../desk-phones/Page";
import { TrunkForm } from "./Form";
import { deleteSipTrunkMutation, sipTrunksQuery } from "./operations";

export function TrunksPage() {
  const { t } = useTranslation();
  const manage = useManageConfig();
  return (
    <PageFrame title={t("trunks.title")} subtitle={t("trunks.subtitle")} readOnly={!manage} testId="trunks-page">
      <ResourceSection
        id="trunks"
        item="trunk"
        listTitle={t("trunks.list")}
        empty={t("trunks.empty")}
        manage={manage}
        query={useQuery(sipTrunksQuery, {})}
        rows={(d) => d.sipTrunks}
        columns={[
          { header: t("trunks.columns.name"), cell: (trunk) => trunk.name },
          {
            header: t("trunks.columns.address"),
            cell: (trunk) => (
              <>
                <code>
                  {trunk.host}:{trunk.port}
                </code>{" "}
                <span className="badge">{trunk.transport.toUpperCase()}</span>
              </>
            ),
          },
          {
            header: t("trunks.columns.auth"),
            cell: (trunk) => (
              <>
                {trunk.username ?? "—"}{" "}
                {trunk.hasPassword && <span className="badge badge-ok">{t("trunks.passwordSet")}</span>}
              </>
            ),
          },
          {
            header: t("trunks.columns.sources"),
            cell: (trunk) => (trunk.allowedSources.length === 0 ? t("trunks.anySource") : trunk.allowedSources.join(", ")),
            cellProps: () => ({ className: "small" }),
          },
        ]}
        editable
        remove={deleteSipTrunkMutation}
        form={(slot) => <TrunkForm {...slot} />}
      />
      <DeskPhonesSection manage={manage} />
    </PageFrame>
  );
}
