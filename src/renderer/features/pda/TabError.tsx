// The last scan's problem on the tab that got it: what happened and what to do, next to where the eyes are.
import { useAppSelector } from '../../app/hooks';
import { useMsg } from '../../app/useMsg';

export function TabError({ member = false }: { member?: boolean }) {
  const render = useMsg();
  const pdaError = useAppSelector((s) => s.pda.error);
  const memberError = useAppSelector((s) => (member ? s.member.error : null));
  const error = pdaError ?? memberError;
  if (!error) return null;
  return (
    <p className="banner banner-error pda-error" role="alert" data-testid="pda-error">
      {render(error)}
    </p>
  );
}
