// Phone numbers: E.164 numbers the organisation answers, each routed to nothing, an IVR flow or
// a queue (chosen by name), optionally over a SIP trunk.
import { useTranslation } from "react-i18next";
import { useQuery } from "../../../api/hooks";
import { nameOf } from "../../../kit/names";
import { ResourcePage } from "../../../kit/ResourcePage";
import { useManageConfig } from "../../../shell/context";
import { ivrFlowsQuery } from "../flows/operations";
import { queuesQuery } from "../queues/operations";
import { sipTrunksQuery } from "../trunks/operations";
import { NumberForm } from "./Form";
import { deletePhoneNumberMutation, phoneNumbersQuery } from "./operations";

export function NumbersPage() {
  const { t } = useTranslation();
  const flows = useQuery(ivrFlowsQuery, {}).data?.ivrFlows ?? [];
  const queues = useQuery(queuesQuery, {}).data?.queues ?? [];
  const trunks = useQuery(sipTrunksQuery, {}).data?.sipTrunks ?? [];
  return (
    <ResourcePage
      id="numbers"
      item="number"
      text="numbers"
      manage={useManageConfig()}
      query={useQuery(phoneNumbersQuery, {})}
      rows={(d) => d.phoneNumbers}
      columns={[
        { header: t("numbers.columns.number"), cell: (n) => <code>{n.number}</code> },
        { header: t("numbers.columns.label"), cell: (n) => n.label },
        {
          header: t("numbers.columns.route"),
          cell: (n) =>
            n.routeKind === "NONE"
              ? t("numbers.routes.NONE")
              : `${t(`numbers.routes.${n.routeKind}`)}: ${nameOf(n.routeKind === "FLOW" ? flows : queues, n.routeTargetId)}`,
        },
        { header: t("numbers.columns.trunk"), cell: (n) => (n.trunkId ? nameOf(trunks, n.trunkId) : t("numbers.noTrunk")) },
      ]}
      editable
      remove={deletePhoneNumberMutation}
      form={(slot) => <NumberForm {...slot} flows={flows} queues={queues} trunks={trunks} />}
    />
  );
}
