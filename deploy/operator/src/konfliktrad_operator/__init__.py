"""The operator's command-line tool (`konfliktrad-operator`): see and repair the flow."""
