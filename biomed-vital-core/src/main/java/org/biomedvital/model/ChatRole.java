package org.biomedvital.model;

/** The author of a chat message. */
public enum ChatRole {
  SYSTEM,
  USER,
  ASSISTANT
}
