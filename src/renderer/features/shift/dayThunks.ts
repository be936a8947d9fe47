// The manager's day view, read from the CRM (online only): every till's shift, Z and variance, the chart of the
// day and the open issues, whose actions are the sync panel's (settleIssue).
import { fetchDayView } from '../../../offline/shift/crmReads';
import type { AppThunk } from '../../app/store';
import { msg } from '../../app/uiMessage';
import { screenShown } from '../../app/uiSlice';
import { dayLoaded, dayLoading } from './shiftSlice';

export const openDayView = (): AppThunk => (dispatch) => {
  dispatch(screenShown('shift:day'));
  void dispatch(loadDayView());
};

export const loadDayView = (): AppThunk<Promise<void>> => async (dispatch, getState, extra) => {
  if (getState().shift.day.loading || !extra.services.ready) return;
  const { sync, platform } = extra.services.get();
  if (!sync) {
    dispatch(dayLoaded({ view: null, error: msg('shift.day.noCrm') }));
    return;
  }
  dispatch(dayLoading());
  const r = await fetchDayView(sync.client);
  if (r.ok) dispatch(dayLoaded({ view: r.value, error: null }));
  else {
    platform.log({
      level: 'warn',
      msg: 'day view failed',
      data: { code: r.failure.code, detail: r.failure.detail },
    });
    dispatch(dayLoaded({ view: null, error: msg('shift.day.offline', { detail: r.failure.detail }) }));
  }
};
