// The terminal config file, edited by a manager (the screen opens only after requestApproval). Every field is
// checked by the config schema: a bad value is named next to its field in the cashier's language, and nothing is
// written until all are right. Main checks again before it writes the file.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useAppDispatch } from '../../app/hooks';
import { screenShown } from '../../app/uiSlice';
import type { TerminalConfig } from '../../../shared/config';
import type { ConfigFileStatus } from '../../../shared/platform';
import { fieldErrors, formOf, READ_ONLY_FIELDS, type ConfigField, type ConfigForm } from './configForm';
import { readConfigForScreen, saveConfigForm } from './configThunks';
import './shell.css';

type FieldSpec =
  | { id: ConfigField; kind: 'text'; placeholder?: string; inputMode?: 'numeric' | 'url' }
  | { id: ConfigField; kind: 'select'; options: string[]; raw?: boolean };

const TRI = ['', 'true', 'false'];

function sections(form: ConfigForm): { id: string; fields: FieldSpec[] }[] {
  const printer = form['printer.kind'];
  const vfd = form['customerDisplay.kind'] === 'vfd';
  return [
    {
      id: 'identity',
      fields: [
        { id: 'storeId', kind: 'text' },
        { id: 'storeName', kind: 'text' },
        { id: 'terminalId', kind: 'text' },
        { id: 'mode', kind: 'select', options: ['cashier', 'pda'] },
        { id: 'locale', kind: 'select', options: ['zh-CN', 'en'] },
      ],
    },
    {
      id: 'crm',
      fields: [
        { id: 'crmUrl', kind: 'text', placeholder: 'crmUrl', inputMode: 'url' },
        { id: 'updateUrl', kind: 'text', placeholder: 'updateUrl', inputMode: 'url' },
      ],
    },
    {
      id: 'printer',
      fields: [
        { id: 'printer.kind', kind: 'select', options: ['none', 'preview', 'tcp', 'serial', 'usb'] },
        ...(printer === 'tcp'
          ? ([
              { id: 'printer.host', kind: 'text' },
              { id: 'printer.port', kind: 'text', inputMode: 'numeric' },
            ] as FieldSpec[])
          : []),
        ...(printer === 'serial' || printer === 'usb'
          ? ([{ id: 'printer.path', kind: 'text', placeholder: 'serialPath' }] as FieldSpec[])
          : []),
        ...(printer === 'serial'
          ? ([{ id: 'printer.baudRate', kind: 'text', inputMode: 'numeric' }] as FieldSpec[])
          : []),
        { id: 'printer.paperWidth', kind: 'select', options: ['58', '80'], raw: true },
      ],
    },
    { id: 'scanner', fields: [{ id: 'scanner.hid', kind: 'text', placeholder: 'hid' }] },
    {
      id: 'display',
      fields: [
        { id: 'customerDisplay.kind', kind: 'select', options: ['auto', 'window', 'vfd', 'none'] },
        ...(vfd
          ? ([
              { id: 'customerDisplay.path', kind: 'text', placeholder: 'serialPath' },
              { id: 'customerDisplay.baudRate', kind: 'text', inputMode: 'numeric' },
              { id: 'customerDisplay.charset', kind: 'select', options: ['ascii', 'gb18030'] },
            ] as FieldSpec[])
          : []),
      ],
    },
    {
      id: 'shell',
      fields: [
        { id: 'kiosk', kind: 'select', options: TRI },
        { id: 'startAtLogin', kind: 'select', options: TRI },
        { id: 'cashRoundingToJiao', kind: 'select', options: ['false', 'true'] },
      ],
    },
  ];
}

type Notice = { tone: 'error' | 'info'; text: string } | null;

export function ConfigScreen() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [base, setBase] = useState<TerminalConfig | null>(null);
  const [status, setStatus] = useState<ConfigFileStatus | null>(null);
  const [form, setForm] = useState<ConfigForm | null>(null);
  const [errors, setErrors] = useState<ReturnType<typeof fieldErrors>['byField']>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const back = useCallback(() => dispatch(screenShown('sale')), [dispatch]);

  useEffect(() => {
    let live = true;
    void dispatch(readConfigForScreen()).then((d) => {
      if (!live) return;
      setBase(d.config);
      setStatus(d.status);
      setForm(formOf(d.config));
    });
    return () => {
      live = false;
    };
  }, [dispatch]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        back();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [back]);

  if (!form || !base) return <div className="cfg" data-testid="config-screen" data-loading="true" />;

  const set = (id: ConfigField, value: string) => {
    setForm({ ...form, [id]: value });
    if (errors[id]) setErrors({ ...errors, [id]: undefined });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    setNotice(null);
    const r = await dispatch(saveConfigForm(form, base));
    setSaving(false);
    if (r.kind === 'invalid') {
      const { byField, other } = fieldErrors(r.issues, form);
      setErrors(byField);
      const count = Object.keys(byField).length + other.length;
      setNotice({
        tone: 'error',
        text: [t('shell.config.fixErrors', { count }), ...other].join(' · '),
      });
      return;
    }
    setErrors({});
    if (r.kind === 'saved') setNotice({ tone: 'info', text: t('shell.config.saved') });
    else if (r.kind === 'readOnly')
      setNotice({ tone: 'info', text: t('shell.config.readOnly', { file: r.file }) });
    else setNotice({ tone: 'error', text: t('shell.config.saveFailed', { detail: r.detail }) });
  };

  const optionLabel = (spec: Extract<FieldSpec, { kind: 'select' }>, v: string) => {
    if (spec.raw) return v;
    if (v === '') return t('shell.config.option.default');
    if (v === 'true') return t('shell.config.option.on');
    if (v === 'false') return t('shell.config.option.off');
    return t(`shell.config.option.${v}`);
  };

  return (
    <form className="cfg" data-testid="config-screen" onSubmit={(e) => void submit(e)} noValidate>
      <div className="cfg-head">
        <h2>{t('shell.config.title')}</h2>
        <span className="cfg-file" data-testid="config-file">
          {status ? t('shell.config.file', { file: status.filePath }) : ''}
        </span>
        <span className="spacer" />
        <Button keyHint="Esc" onClick={back} data-testid="config-back">
          {t('shell.config.back')}
        </Button>
      </div>
      {status?.problem ? (
        <p className="banner banner-error" role="alert" data-testid="config-file-problem">
          {t('shell.config.fileProblem', {
            source: t(`shell.config.source.${status.source}`),
            detail: status.problem.message,
          })}
        </p>
      ) : null}
      {status && !status.writable ? (
        <p className="banner banner-info">{t('shell.config.readOnlyHint')}</p>
      ) : null}
      <div className="cfg-body">
        {sections(form).map((section) => (
          <fieldset key={section.id} className="cfg-section">
            <legend>{t(`shell.config.section.${section.id}`)}</legend>
            {section.fields.map((spec) => {
              const error = errors[spec.id];
              const inputId = `cfg-${spec.id.replace('.', '-')}`;
              const common = {
                id: inputId,
                className: 'cfg-input',
                value: form[spec.id],
                'aria-invalid': error ? ('true' as const) : ('false' as const),
                'aria-describedby': error ? `${inputId}-error` : undefined,
                'data-testid': inputId,
              };
              return (
                <div key={spec.id} className="cfg-field">
                  <label htmlFor={inputId}>{t(`shell.config.field.${spec.id}`)}</label>
                  {spec.kind === 'select' ? (
                    <select {...common} onChange={(e) => set(spec.id, e.target.value)}>
                      {spec.options.map((v) => (
                        <option key={v} value={v}>
                          {optionLabel(spec, v)}
                        </option>
                      ))}
                    </select>
                  ) : READ_ONLY_FIELDS.includes(spec.id) ? (
                    <>
                      <input {...common} type="text" readOnly aria-readonly="true" spellCheck={false} />
                      <span className="cfg-hint" data-testid={`${inputId}-hint`}>
                        {t('shell.config.installerOnly')}
                      </span>
                    </>
                  ) : (
                    <input
                      {...common}
                      type="text"
                      autoComplete="off"
                      spellCheck={false}
                      inputMode={
                        spec.inputMode === 'numeric' ? 'numeric' : spec.inputMode === 'url' ? 'url' : 'text'
                      }
                      placeholder={
                        spec.placeholder ? t(`shell.config.placeholder.${spec.placeholder}`) : undefined
                      }
                      onChange={(e) => set(spec.id, e.target.value)}
                    />
                  )}
                  {error ? (
                    <span className="cfg-error" id={`${inputId}-error`} data-testid={`${inputId}-error`}>
                      {t(`shell.config.error.${error.key}`, { detail: error.detail })}
                    </span>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        ))}
      </div>
      <div className="cfg-foot">
        {notice ? (
          <p
            className={`banner ${notice.tone === 'error' ? 'banner-error' : 'banner-info'}`}
            role={notice.tone === 'error' ? 'alert' : 'status'}
            data-testid="config-notice"
          >
            {notice.text}
          </p>
        ) : (
          <span className="spacer" />
        )}
        <Button type="submit" variant="primary" disabled={saving} data-testid="config-save">
          {saving ? t('shell.config.saving') : t('shell.config.save')}
        </Button>
      </div>
    </form>
  );
}
