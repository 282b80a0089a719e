// Prompts: the tenant's stored audio (uploaded WAV/MP3 or rendered by text-to-speech), each
// with a player; upload and TTS forms and deleting for admins and owners. Players use signed
// links that expire after a few minutes: "Refresh links" loads new ones.
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useUpload } from "../api/hooks";
import { createTtsPromptMutation, deletePromptMutation, promptsQuery, uploadPromptMutation } from "../api/operations";
import { ConfigPage, DeleteButton } from "../components/config";
import { ErrorAlert, SuccessAlert } from "../components/ErrorAlert";
import { FileField, SelectField, TextAreaField, TextField } from "../components/fields";
import { TTS_LANGS, type TtsLang } from "../flow/graph";
import type { PromptFieldsFragment } from "../gql/graphql";
import { currentLanguage } from "../i18n";
import { formatDateTime } from "../lib/format";
import { canManageConfig } from "../lib/roles";
import { useShell } from "../shell/context";

type StoredPrompt = PromptFieldsFragment;

/** The largest upload the server accepts. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function PromptsPage() {
  const { t } = useTranslation();
  const { me } = useShell();
  const manage = canManageConfig(me.role);
  const prompts = useQuery(promptsQuery, {});
  const language = currentLanguage();

  const seconds = (ms: number) =>
    t("prompts.seconds", {
      s: new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000),
    });

  return (
    <ConfigPage title={t("prompts.title")} subtitle={t("prompts.subtitle")} readOnly={!manage} testId="prompts-page">
      {manage && (
        <div className="grid-2">
          <UploadForm onDone={prompts.refetch} />
          <TtsForm onDone={prompts.refetch} />
        </div>
      )}
      <section className="card" aria-labelledby="prompts-list-title">
        <div className="card-header">
          <h2 id="prompts-list-title">{t("prompts.list")}</h2>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={prompts.loading}
            onClick={prompts.refetch}
          >
            {t("prompts.refreshLinks")}
          </button>
        </div>
        {prompts.error && <ErrorAlert error={prompts.error} onRetry={prompts.refetch} />}
        {!prompts.data && !prompts.error && <p className="muted">{t("common.loading")}</p>}
        {prompts.data?.prompts.length === 0 && <p className="empty">{t("prompts.empty")}</p>}
        {prompts.data && prompts.data.prompts.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="prompts-table">
              <thead>
                <tr>
                  <th scope="col">{t("prompts.columns.name")}</th>
                  <th scope="col">{t("prompts.columns.kind")}</th>
                  <th scope="col">{t("prompts.columns.source")}</th>
                  <th scope="col">{t("prompts.columns.duration")}</th>
                  <th scope="col">{t("prompts.columns.listen")}</th>
                  {manage && <th scope="col" className="actions">{t("config.actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {prompts.data.prompts.map((p) => (
                  <tr key={p.id} data-prompt-id={p.id}>
                    <td>
                      {p.name}
                      <div className="small muted">{formatDateTime(p.createdAt, language)}</div>
                    </td>
                    <td>
                      <span className="badge" data-kind={p.kind}>
                        {t(`prompts.kinds.${p.kind}`)}
                      </span>
                    </td>
                    <td className="small">
                      <PromptSource prompt={p} />
                    </td>
                    <td data-testid="prompt-duration" data-ms={p.durationMs}>
                      {seconds(p.durationMs)}
                    </td>
                    <td>
                      <audio
                        controls
                        preload="none"
                        src={p.url}
                        aria-label={t("prompts.playNamed", { name: p.name })}
                        data-testid="prompt-audio"
                      />
                    </td>
                    {manage && (
                      <td className="actions">
                        <DeleteButton
                          document={deletePromptMutation}
                          variables={{ id: p.id }}
                          onDeleted={prompts.refetch}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </ConfigPage>
  );
}

function PromptSource({ prompt }: { prompt: StoredPrompt }) {
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

function UploadForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const upload = useUpload(uploadPromptMutation);
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [submitted, setSubmitted] = useState(false);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const fieldError = (field: string) => (upload.error?.field === field ? upload.error.message : null);
  const tooLarge = file !== null && file.size > MAX_UPLOAD_BYTES;

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setUploaded(null);
    if (name.trim() === "" || file === null || tooLarge) return;
    const data = await upload.upload({ name: name.trim(), file }, { "variables.file": file });
    if (data) {
      setUploaded(data.uploadPrompt.name);
      setName("");
      setFile(null);
      setFileKey((k) => k + 1);
      setSubmitted(false);
      onDone();
    }
  };

  return (
    <section className="card" aria-labelledby="prompt-upload-title">
      <h2 id="prompt-upload-title">{t("prompts.upload.title")}</h2>
      {upload.error && <ErrorAlert error={upload.error} />}
      {uploaded && <SuccessAlert>{t("prompts.upload.done", { name: uploaded })}</SuccessAlert>}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="prompt-upload-form">
        <TextField
          label={t("prompts.upload.name")}
          value={name}
          onValueChange={setName}
          error={submitted && name.trim() === "" ? t("validation.required") : fieldError("name")}
        />
        <FileField
          key={fileKey}
          label={t("prompts.upload.file")}
          accept=".wav,.mp3,audio/wav,audio/x-wav,audio/mpeg"
          hint={t("prompts.upload.fileHint")}
          onFileChange={(f) => {
            setFile(f);
            upload.reset();
          }}
          error={
            submitted && file === null
              ? t("validation.required")
              : tooLarge
                ? t("prompts.upload.tooLarge")
                : fieldError("file")
          }
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={upload.loading}>
            {upload.loading ? t("prompts.upload.uploading") : t("prompts.upload.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}

function TtsForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useMutation(createTtsPromptMutation);
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [language, setLanguage] = useState<TtsLang>("zh-CN");
  const [submitted, setSubmitted] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const fieldError = (field: string) => (create.error?.field === field ? create.error.message : null);

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    setCreated(null);
    if (name.trim() === "" || text.trim() === "") return;
    const data = await create.mutate({ input: { name: name.trim(), text: text.trim(), language } });
    if (data) {
      setCreated(data.createTtsPrompt.name);
      setName("");
      setText("");
      setSubmitted(false);
      onDone();
    }
  };

  return (
    <section className="card" aria-labelledby="prompt-tts-title">
      <h2 id="prompt-tts-title">{t("prompts.tts.title")}</h2>
      {create.error && <ErrorAlert error={create.error} />}
      {created && <SuccessAlert>{t("prompts.tts.done", { name: created })}</SuccessAlert>}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="prompt-tts-form">
        <TextField
          label={t("prompts.tts.name")}
          value={name}
          onValueChange={setName}
          error={submitted && name.trim() === "" ? t("validation.required") : fieldError("name")}
        />
        <TextAreaField
          label={t("prompts.tts.text")}
          value={text}
          rows={3}
          onValueChange={setText}
          error={submitted && text.trim() === "" ? t("validation.required") : fieldError("text")}
        />
        <SelectField
          label={t("prompts.tts.language")}
          value={language}
          options={TTS_LANGS.map((l) => ({ value: l, label: t(`flow.langs.${l}`) }))}
          onValueChange={setLanguage}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.loading}>
            {create.loading ? t("prompts.tts.creating") : t("prompts.tts.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
