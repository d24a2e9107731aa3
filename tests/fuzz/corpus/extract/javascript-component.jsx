import React, { useState } from 'react';

export function Counter({ start }) {
  const [n, setN] = useState(start);
  const inc = () => setN(n + 1);
  return <button onClick={inc}>{n}</button>;
}

export const Label = ({ text }) => <span className="label">{text}</span>;

export default class Panel extends React.Component {
  state = { open: false };
  toggle = () => this.setState({ open: !this.state.open });
  render() {
    return <div onClick={this.toggle}>{this.props.children}</div>;
  }
}
