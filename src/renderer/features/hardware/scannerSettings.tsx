// The scanners section of the settings (also its own dialog from the status bar): the USB scanners plugged
// in, which ones the till reads, and a way to add one by VID:PID before it is plugged in.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { dialogClosed } from '../../app/uiSlice';
import type { HidScannerInfo } from '../../../shared/platform';
import { chooseScanners, chosenIds, formatVidPid, listScanners, VidPidTextSchema } from './scannerSlice';
import './scanner.css';

function ScannerRow({ device, busy }: { device: HidScannerInfo; busy: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.scanner.status);
  const id = formatVidPid(device);
  const toggle = () => {
    const chosen = chosenIds(status);
    const next = device.chosen
      ? chosen.filter((c) => formatVidPid(c) !== id)
      : [...chosen, { vendorId: device.vendorId, productId: device.productId }];
    void dispatch(chooseScanners(next));
  };
  const stateText =
    device.state === 'retrying'
      ? t('hardware.scanner.state.retrying', { detail: device.detail ?? '' })
      : t(`hardware.scanner.state.${device.state}`);
  return (
    <li
      className={`scanner-row scanner-${device.state}`}
      data-testid="scanner-row"
      data-id={id}
      data-state={device.state}
      data-chosen={device.chosen}
    >
      <span
        className={`dot ${device.state === 'connected' ? 'dot-ok' : device.chosen ? 'dot-warn' : ''}`}
        aria-hidden="true"
      />
      <span className="scanner-name">
        <strong>{device.product ?? t('hardware.scanner.unnamed')}</strong>
        <span className="scanner-meta">
          <code>{id}</code>
          {device.manufacturer ? ` · ${device.manufacturer}` : ''} ·{' '}
          {t(`hardware.scanner.mode.${device.mode}`)}
        </span>
        <span className="scanner-state">{stateText}</span>
      </span>
      <Button
        variant={device.chosen ? 'secondary' : 'primary'}
        onClick={toggle}
        disabled={busy}
        data-testid={device.chosen ? 'scanner-stop' : 'scanner-use'}
      >
        {device.chosen ? t('hardware.scanner.stop') : t('hardware.scanner.use')}
      </Button>
    </li>
  );
}

function AddById({ busy }: { busy: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.scanner.status);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = VidPidTextSchema.safeParse(text);
    if (!parsed.success) {
      setError(t('hardware.scanner.badId', { text: text.trim() }));
      return;
    }
    const chosen = chosenIds(status);
    if (chosen.some((c) => formatVidPid(c) === formatVidPid(parsed.data))) {
      setError(t('hardware.scanner.duplicate', { id: formatVidPid(parsed.data) }));
      return;
    }
    setError(null);
    if (await dispatch(chooseScanners([...chosen, parsed.data]))) setText('');
  };
  return (
    <form className="scanner-add" onSubmit={(e) => void submit(e)}>
      <label htmlFor="scanner-add-input">{t('hardware.scanner.addLabel')}</label>
      <div className="scanner-add-row">
        <input
          id="scanner-add-input"
          className="field-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('hardware.scanner.addPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          data-testid="scanner-add-input"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'scanner-add-error' : undefined}
        />
        <Button type="submit" disabled={busy} data-testid="scanner-add">
          {t('hardware.scanner.add')}
        </Button>
      </div>
      {error ? (
        <p id="scanner-add-error" className="scanner-error" role="alert" data-testid="scanner-add-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** Lists the scanners when it opens; the list refreshes on demand (a listing touches every USB device). */
export function ScannerSection({ heading = true }: { heading?: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const { status, listing, saving, problem } = useAppSelector((s) => s.scanner);
  useEffect(() => {
    void dispatch(listScanners());
  }, [dispatch]);
  const busy = listing || saving;
  const web = status?.support === 'web';
  return (
    <section
      className="settings-section scanner-section"
      data-testid="scanner-section"
      data-support={status?.support ?? ''}
    >
      <div className="scanner-head">
        {heading ? <h3>{t('hardware.scanner.title')}</h3> : <span />}
        {!web ? (
          <Button onClick={() => void dispatch(listScanners())} disabled={busy} data-testid="scanner-refresh">
            {listing ? t('hardware.scanner.listing') : t('hardware.scanner.refresh')}
          </Button>
        ) : null}
      </div>
      {web ? (
        <p className="hint" data-testid="scanner-web-only">
          {t('hardware.scanner.webOnly')}
        </p>
      ) : (
        <>
          {status?.support === 'unavailable' ? (
            <p className="scanner-error" role="alert" data-testid="scanner-unavailable">
              {t('hardware.scanner.unavailable', { detail: status.detail ?? '' })}
            </p>
          ) : null}
          {problem && problem.action !== 'status' ? (
            <p className="scanner-error" role="alert" data-testid="scanner-problem">
              {t(`hardware.scanner.error.${problem.action}`, { detail: problem.detail })}
            </p>
          ) : null}
          {status && status.devices.length > 0 ? (
            <ul className="scanner-list" data-testid="scanner-list">
              {status.devices.map((d) => (
                <ScannerRow key={formatVidPid(d)} device={d} busy={busy} />
              ))}
            </ul>
          ) : status ? (
            <p className="hint" data-testid="scanner-empty">
              {t('hardware.scanner.empty')}
            </p>
          ) : null}
          <AddById busy={busy} />
          <p className="hint">{t('hardware.scanner.keyboardNote')}</p>
        </>
      )}
    </section>
  );
}

export function ScannerDialog() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const close = useCallback(() => dispatch(dialogClosed()), [dispatch]);
  return (
    <Dialog title={t('hardware.scanner.title')} onClose={close} testId="scanner-dialog" wide>
      <ScannerSection heading={false} />
    </Dialog>
  );
}
