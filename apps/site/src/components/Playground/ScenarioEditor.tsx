import React from "react";
import CodeEditor from "../CodeEditor";

/** The playground's YAML editor; marked lines are failing steps or the parse error. */
export default function ScenarioEditor({
  text,
  onChange,
  marked,
}: {
  text: string;
  onChange: (t: string) => void;
  marked: readonly number[];
}): React.ReactElement {
  return (
    <CodeEditor
      value={text}
      onChange={onChange}
      label="scenario YAML"
      language="yaml"
      marked={marked}
      minRows={20}
      maxRows={40}
    />
  );
}
