package workflows

import (
	"bytes"
	"encoding/json"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
)

// DataConverter is the converter every client and worker of this project
// uses. It is Temporal's default with one difference: JSON numbers decode as
// json.Number, so an input 6 stays the integer 6 and 6.0 stays a decimal
// through workflow inputs, results and activity payloads (Kestra prints them
// differently, and Go's float64 cannot hold every long exactly).
var DataConverter = converter.NewCompositeDataConverter(
	converter.NewNilPayloadConverter(),
	converter.NewByteSlicePayloadConverter(),
	converter.NewProtoJSONPayloadConverter(),
	converter.NewProtoPayloadConverter(),
	numberJSONConverter{converter.NewJSONPayloadConverter()},
)

// numberJSONConverter is the JSON payload converter with UseNumber.
type numberJSONConverter struct {
	*converter.JSONPayloadConverter
}

func (c numberJSONConverter) FromPayload(payload *commonpb.Payload, valuePtr any) error {
	dec := json.NewDecoder(bytes.NewReader(payload.GetData()))
	dec.UseNumber()
	if err := dec.Decode(valuePtr); err != nil {
		return fmt.Errorf("%w: %v", converter.ErrUnableToDecode, err)
	}
	return nil
}
