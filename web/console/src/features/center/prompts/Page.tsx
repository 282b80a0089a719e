// Prompts: the tenant's stored audio (uploaded WAV/MP3 or rendered by text-to-speech), each
// with a player; upload and TTS forms (./Form) and deleting for admins and owners. Players use
// signed links that expire after a few minutes: "Refresh links" loads new ones.
import { useTranslation } from "react-i18next";
import { useQuery } from "../../../api/hooks";
import type { PromptFieldsFragment } from "../../../gql/graphql";
import { currentLanguage } from "../../../i18n";
import { ResourcePage } from "../../../kit/ResourcePage";
import { formatDateTime } from "../../../lib/format";
import { useManageConfig } from "../../../shell/context";
import { TTS_LANGS } from "../flows/editor/graph";
import { TtsForm, UploadForm } from "./Form";
import { deletePromptMutation, promptsQuery } from "./operations";

export function PromptsPage() {
  const { t } = useTranslation();
  const prompts = useQuery(promptsQuery, {});
  const language = currentLanguage();

  const seconds = (ms: number) =>
    t("prompts.seconds", {
      s: new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000),
    });

  return (
    <ResourcePage
      id="prompts"
      item="prompt"
      text="prompts"
      manage={useManageConfig()}
      query={prompts}
      rows={(d) => d.prompts}
      listActions={
        <button type="button" className="button button-secondary button-small" disabled={prompts.loading} onClick={prompts.refetch}>
          {t("prompts.refreshLinks")}
        </button>
      }
      columns={[
        {
          header: t("prompts.columns.name"),
          cell: (p) => (
            <>
              {p.name}
              <div className="small muted">{formatDateTime(p.createdAt, language)}</div>
            </>
          ),
        },
        {
          header: t("prompts.columns.kind"),
          cell: (p) => (
            <span className="badge" data-kind={p.kind}>
              {t(`prompts.kinds.${p.kind}`)}
            </span>
          ),
        },
        { header: t("prompts.columns.source"), cell: (p) => <PromptSource prompt={p} />, cellProps: () => ({ className: "small" }) },
        {
          header: t("prompts.columns.duration"),
          cell: (p) => seconds(p.durationMs),
          cellProps: (p) => ({ "data-testid": "prompt-duration", "data-ms": p.durationMs }),
        },
        {
          header: t("prompts.columns.listen"),
          cell: (p) => (
            <audio
              controls
              preload="none"
              src={p.url}
              aria-label={t("prompts.playNamed", { name: p.name })}
              data-testid="prompt-audio"
            />
          ),
        },
      ]}
      remove={deletePromptMutation}
      form={({ refetch }) => (
        <div className="grid-2">
          <UploadForm onDone={refetch} />
          <TtsForm onDone={refetch} />
        </div>
      )}
    />
  );
}

function PromptSource({ prompt }: { prompt: PromptFieldsFragment }) {
  const { t } = useTranslation();
  if (prompt.kind === "TTS") {
    const lang = TTS_LANGS.find((l) => l === prompt.language);
    return (
      <>
        <span className="badge badge-muted">{lang ? t(`flow.langs.${lang}`) : (prompt.language ?? "")}</span>{" "}
        {prompt.text}
      </>
    );
  }
  return <code>{prompt.sourceName ?? ""}</code>;
}
