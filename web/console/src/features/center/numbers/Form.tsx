// Adding or editing a phone number: the number, a label, the route (nothing, a flow or a queue)
// and the trunk it is reached over.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PhoneNumbersQuery, RouteKind } from "../../../gql/graphql";
import { FormActions, FormCard } from "../../../kit/FormActions";
import { SelectField, TextField } from "../../../kit/fields";
import type { Named } from "../../../kit/names";
import type { FormSlot } from "../../../kit/ResourcePage";
import { useResourceForm } from "../../../kit/useResourceForm";
import { createPhoneNumberMutation, updatePhoneNumberMutation } from "./operations";

export type PhoneNumber = PhoneNumbersQuery["phoneNumbers"][number];

const ROUTE_KINDS: readonly RouteKind[] = ["NONE", "FLOW", "QUEUE"];

export function NumberForm({
  editing,
  done,
  cancel,
  flows,
  queues,
  trunks,
}: FormSlot<PhoneNumber> & { flows: readonly Named[]; queues: readonly Named[]; trunks: readonly Named[] }) {
  const { t } = useTranslation();
  const f = useResourceForm({ create: createPhoneNumberMutation, update: updatePhoneNumberMutation, editing });
  const [number, setNumber] = useState(editing?.number ?? "");
  const [label, setLabel] = useState(editing?.label ?? "");
  const [routeKind, setRouteKind] = useState<RouteKind>(editing?.routeKind ?? "NONE");
  const [routeTargetId, setRouteTargetId] = useState(editing?.routeTargetId ?? "");
  const [trunkId, setTrunkId] = useState(editing?.trunkId ?? "");
  const targets = routeKind === "FLOW" ? flows : queues;

  const onSubmit = async () => {
    const input = {
      number: number.trim(),
      label: label.trim(),
      routeKind,
      routeTargetId: routeKind === "NONE" || routeTargetId === "" ? null : routeTargetId,
      trunkId: trunkId === "" ? null : trunkId,
    };
    if (await f.submit(input, [number])) done();
  };

  return (
    <FormCard
      id="number"
      title={editing ? t("numbers.form.editTitle", { number: editing.number }) : t("numbers.form.createTitle")}
      error={f.error}
      onSubmit={onSubmit}
    >
      <div className="form-grid">
        <TextField
          label={t("numbers.form.number")}
          type="tel"
          placeholder="+861085550100"
          hint={t("numbers.form.numberHint")}
          value={number}
          onValueChange={setNumber}
          error={f.requiredError("number", number)}
        />
        <TextField label={t("numbers.form.label")} value={label} onValueChange={setLabel} error={f.fieldError("label")} />
        <SelectField
          label={t("numbers.form.route")}
          value={routeKind}
          options={ROUTE_KINDS.map((k) => ({ value: k, label: t(`numbers.routes.${k}`) }))}
          onValueChange={(k) => {
            setRouteKind(k);
            setRouteTargetId("");
          }}
        />
        {routeKind !== "NONE" && (
          <SelectField
            label={routeKind === "FLOW" ? t("numbers.form.flow") : t("numbers.form.queue")}
            value={routeTargetId}
            options={[{ value: "", label: t("config.choose") }, ...targets.map((x) => ({ value: x.id, label: x.name }))]}
            onValueChange={setRouteTargetId}
          />
        )}
        <SelectField
          label={t("numbers.form.trunk")}
          value={trunkId}
          options={[{ value: "", label: t("numbers.noTrunk") }, ...trunks.map((x) => ({ value: x.id, label: x.name }))]}
          onValueChange={setTrunkId}
        />
      </div>
      <FormActions loading={f.loading} editing={editing !== null} create={t("numbers.form.create")} onCancel={cancel} />
    </FormCard>
  );
}
