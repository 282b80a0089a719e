// Adding prompts: uploading a WAV or MP3 file (up to the server's 10 MiB), or rendering text
// by text-to-speech. Both forms stay open, clear themselves and say what was added.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useUpload } from "../../../api/hooks";
import { FileField, SelectField, TextAreaField, TextField } from "../../../kit/fields";
import { FormActions, FormCard } from "../../../kit/FormActions";
import { useFormCheck, useResourceForm } from "../../../kit/useResourceForm";
import { TTS_LANGS, type TtsLang } from "../flows/editor/graph";
import { createTtsPromptMutation, uploadPromptMutation } from "./operations";

/** The largest upload the server accepts. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function UploadForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const upload = useUpload(uploadPromptMutation);
  const f = useFormCheck(upload.error);
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [uploaded, setUploaded] = useState<string | null>(null);
  const tooLarge = file !== null && file.size > MAX_UPLOAD_BYTES;

  const onSubmit = async () => {
    setUploaded(null);
    if (!f.check([name, file]) || file === null || tooLarge) return;
    const data = await upload.upload({ name: name.trim(), file }, { "variables.file": file });
    if (data) {
      setUploaded(data.uploadPrompt.name);
      setName("");
      setFile(null);
      setFileKey((k) => k + 1);
      f.reset();
      onDone();
    }
  };

  return (
    <FormCard
      id="prompt-upload"
      title={t("prompts.upload.title")}
      error={upload.error}
      success={uploaded && t("prompts.upload.done", { name: uploaded })}
      onSubmit={onSubmit}
    >
      <TextField
        label={t("prompts.upload.name")}
        value={name}
        onValueChange={setName}
        error={f.requiredError("name", name)}
      />
      <FileField
        key={fileKey}
        label={t("prompts.upload.file")}
        accept=".wav,.mp3,audio/wav,audio/x-wav,audio/mpeg"
        hint={t("prompts.upload.fileHint")}
        onFileChange={(chosen) => {
          setFile(chosen);
          upload.reset();
        }}
        error={tooLarge ? t("prompts.upload.tooLarge") : f.requiredError("file", file)}
      />
      <FormActions loading={upload.loading} create={t("prompts.upload.submit")} busy={t("prompts.upload.uploading")} />
    </FormCard>
  );
}

export function TtsForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const f = useResourceForm({ create: createTtsPromptMutation });
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [language, setLanguage] = useState<TtsLang>("zh-CN");
  const [created, setCreated] = useState<string | null>(null);

  const onSubmit = async () => {
    setCreated(null);
    const data = await f.submit({ name: name.trim(), text: text.trim(), language }, [name, text]);
    if (data) {
      setCreated(data.createTtsPrompt.name);
      setName("");
      setText("");
      f.reset();
      onDone();
    }
  };

  return (
    <FormCard
      id="prompt-tts"
      title={t("prompts.tts.title")}
      error={f.error}
      success={created && t("prompts.tts.done", { name: created })}
      onSubmit={onSubmit}
    >
      <TextField label={t("prompts.tts.name")} value={name} onValueChange={setName} error={f.requiredError("name", name)} />
      <TextAreaField
        label={t("prompts.tts.text")}
        value={text}
        rows={3}
        onValueChange={setText}
        error={f.requiredError("text", text)}
      />
      <SelectField
        label={t("prompts.tts.language")}
        value={language}
        options={TTS_LANGS.map((l) => ({ value: l, label: t(`flow.langs.${l}`) }))}
        onValueChange={setLanguage}
      />
      <FormActions loading={f.loading} create={t("prompts.tts.submit")} busy={t("prompts.tts.creating")} />
    </FormCard>
  );
}
