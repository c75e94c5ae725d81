module attributes {compress.model_signature = "{\"entry\": \"model\"}"} {
}
