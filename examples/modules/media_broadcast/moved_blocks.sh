#!/bin/sh
# Prints the moved blocks that carry a media_broadcast state keyed the old way
# (each recipient as it was written) to the keys this version uses (each
# person's canonical number), so that upgrading the module sends nothing.
#
# Run it in the root module's folder, where `terraform state list` works, with
# the module call's address:
#
#   sh ../modules/media_broadcast/moved_blocks.sh module.brochure > media_broadcast_moved.tf
#   terraform plan     # "has moved to" for each message, 0 to add
#
# OpenTofu: TERRAFORM=tofu sh .../moved_blocks.sh module.brochure > ...
#
# A person who was listed twice in two formats has two messages in the old
# state and one key now: one of them moves, and the plan forgets the other
# (a destroy that sends nothing; the recipient keeps both messages).
#
# The old keys were accepted by the provider's `to` check, so dropping their
# formatting characters (+, spaces, dashes, dots, parentheses) gives exactly
# what provider::whatsapp::normalize_recipient returns.
set -eu

if [ "$#" -ne 1 ]; then
	echo "usage: $0 <module address, e.g. module.brochure>" >&2
	exit 2
fi

addresses=$("${TERRAFORM:-terraform}" state list)

printf '%s\n' "$addresses" | awk -v prefix="$1.whatsapp_media_message.this[\"" '
index($0, prefix) == 1 && substr($0, length($0) - 1) == "\"]" {
	key = substr($0, length(prefix) + 1, length($0) - length(prefix) - 2)
	canonical = key
	gsub(/[+ ().-]/, "", canonical)
	if (key == canonical) {
		taken[canonical] = 1
	} else {
		n++
		keys[n] = key
		canon[n] = canonical
	}
}
END {
	resource = substr(prefix, 1, length(prefix) - 2)
	for (i = 1; i <= n; i++) {
		if (canon[i] in taken) {
			printf "# %s[\"%s\"] is the same person as [\"%s\"]: the plan forgets it, nothing is sent.\n\n", resource, keys[i], canon[i]
			continue
		}
		taken[canon[i]] = 1
		moved++
		printf "moved {\n  from = %s[\"%s\"]\n  to   = %s[\"%s\"]\n}\n\n", resource, keys[i], resource, canon[i]
	}
	if (moved == 0) {
		printf "# Nothing to move: every message of %s is keyed by its canonical number.\n", resource
	}
}'
