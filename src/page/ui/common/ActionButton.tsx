// A button that stays focusable and in the tab order while it cannot act: aria-disabled instead of disabled,
// with the reason as its description, so keyboard and screen-reader users find it and learn why.
import { useId, type ButtonHTMLAttributes, type Ref } from 'react';

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled' | 'type'> {
  disabled: boolean;
  /** Why it cannot act now; read out with the button while it is off. */
  reason?: string;
  ref?: Ref<HTMLButtonElement>;
}

export function ActionButton({ disabled, reason, onClick, children, ref, ...rest }: Props) {
  const id = useId();
  const why = disabled && reason ? id : undefined;
  const describedBy = [rest['aria-describedby'], why].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <button
        {...rest}
        ref={ref}
        type="button"
        aria-disabled={disabled || undefined}
        aria-describedby={describedBy}
        onClick={disabled ? undefined : onClick}
      >
        {children}
      </button>
      {why && (
        <span id={why} className="visually-hidden">
          {reason}
        </span>
      )}
    </>
  );
}
