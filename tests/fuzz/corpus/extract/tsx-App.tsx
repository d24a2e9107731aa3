
// kota fixture: TSX definitions
import * as React from 'react';

export interface ButtonProps {
  label: string;
  onPress?(): void;
}

type State = { count: number };

export enum Size { Small = 's', Large = 'l' }

export const Button = ({ label, onPress }: ButtonProps) => (
  <button onClick={() => onPress?.()}>{label}</button>
);

export function Counter<T>(props: { start: number; items: T[] }) {
  const [n, setN] = React.useState<number>(props.start);
  const increment = () => setN(n + 1);
  return (
    <div className="counter">
      <span>{n}</span>
      <Button label="+" onPress={increment} />
    </div>
  );
}

export default class Panel extends React.Component<ButtonProps, State> {
  state: State = { count: 0 };
  private handleClick = (e: React.MouseEvent) => this.setState({ count: 1 });
  render() {
    return <section onClick={this.handleClick}>{this.props.label}</section>;
  }
}

namespace Theme {
  export const primary = '#333';
}

const generic = <T,>(x: T) => <>{String(x)}</>;

const bad = <div>{1 + }</div>; // syntax error: recovered
function afterBad() {}
